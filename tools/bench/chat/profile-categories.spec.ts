import { categoryOf, summarise, type CpuProfile } from './profile-categories';

const frame = (functionName: string, url = '') => ({ functionName, url });

describe('categoryOf', () => {
  it('names packages, our folders and V8 pseudo-frames', () => {
    expect(categoryOf(frame('query', '/repo/node_modules/pg/lib/client.js'))).toBe('Postgres driver (pg)');
    expect(categoryOf(frame('x', '/repo/node_modules/ioredis/built/Redis.js'))).toBe('Redis client (ioredis)');
    expect(categoryOf(frame('x', '/repo/node_modules/zod/v4/core/parse.js'))).toBe('zod');
    expect(categoryOf(frame('write', '/repo/node_modules/pino/lib/proto.js'))).toBe('logging (pino)');
    expect(categoryOf(frame('pump', '/repo/dist/apps/chat/src/answers/answer-stream.writer.js'))).toBe('chat answer stream writer');
    expect(categoryOf(frame('stringify'))).toBe('JSON');
    expect(categoryOf(frame('(garbage collector)'))).toBe('GC');
    expect(categoryOf(frame('emit', 'node:events'))).toBeUndefined();
  });
});

describe('summarise', () => {
  it('charges a builtin to its first known caller, and node internals alone to their own kind', () => {
    // 1 root → 2 (ioredis) → 3 (node:net write); 1 → 4 (node:timers); 1 → 5 (idle)
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 4, 5] },
        { id: 2, callFrame: frame('send', '/r/node_modules/ioredis/built/Redis.js'), children: [3] },
        { id: 3, callFrame: frame('write', 'node:net') },
        { id: 4, callFrame: frame('listOnTimeout', 'node:internal/timers') },
        { id: 5, callFrame: frame('(idle)') },
      ],
      startTime: 0,
      endTime: 5000,
      samples: [3, 3, 4, 5, 5],
      timeDeltas: [0, 1000, 1000, 1000, 1000],
    };
    const totals = summarise(profile, categoryOf);
    expect(totals.get('Redis client (ioredis)')).toBe(2);
    expect(totals.get('node internals (net, streams, timers)')).toBe(1);
    expect(totals.get('idle')).toBe(1);
  });
});

describe('summarise within windows', () => {
  it('counts only the samples inside a window', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2] },
        { id: 2, callFrame: frame('parse', '/r/node_modules/zod/index.js') },
      ],
      startTime: 0,
      endTime: 4000,
      samples: [2, 2, 2, 2],
      timeDeltas: [0, 1000, 1000, 1000],
    };
    expect(summarise(profile, categoryOf, [{ startUs: 900, endUs: 1100, answers: 1 }]).get('zod')).toBe(1);
  });
});
