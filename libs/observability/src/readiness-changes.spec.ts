import { ReadinessChanges } from './readiness-changes';

describe('ReadinessChanges', () => {
  it('says nothing while every check stays up', () => {
    const changes = new ReadinessChanges();
    expect(changes.record([{ name: 'redis', up: true }])).toEqual([]);
    expect(changes.record([{ name: 'redis', up: true }])).toEqual([]);
  });

  it('logs a check that is down while the service starts once, not as a warning, and when it becomes ready', () => {
    const changes = new ReadinessChanges();
    expect(changes.record([{ name: 'index', up: false, reason: 'loading' }])).toEqual([
      { level: 'log', message: 'index is not ready yet (starting): loading' },
    ]);
    expect(changes.record([{ name: 'index', up: false, reason: 'loading' }])).toEqual([]);
    expect(changes.record([{ name: 'index', up: true }])).toEqual([{ level: 'log', message: 'index is ready' }]);
  });

  it('warns once when a check that was up goes down, again only when the reason changes, and logs its recovery', () => {
    const changes = new ReadinessChanges();
    changes.record([
      { name: 'redis', up: true },
      { name: 'postgres', up: true },
    ]);
    const down = [
      { name: 'redis', up: false, reason: 'connect ECONNREFUSED 127.0.0.1:6379' },
      { name: 'postgres', up: true },
    ];
    expect(changes.record(down)).toEqual([{ level: 'warn', message: 'redis is not ready: connect ECONNREFUSED 127.0.0.1:6379' }]);
    expect(changes.record(down)).toEqual([]);
    expect(changes.record([{ name: 'redis', up: false, reason: 'no answer within 3000 ms' }])).toEqual([
      { level: 'warn', message: 'redis is not ready: no answer within 3000 ms' },
    ]);
    expect(changes.record([{ name: 'redis', up: true }])).toEqual([{ level: 'log', message: 'redis is ready again' }]);
    expect(changes.record([{ name: 'redis', up: true }])).toEqual([]);
  });
});
