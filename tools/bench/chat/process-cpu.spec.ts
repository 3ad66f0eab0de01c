import { perSecond, processCpuMs } from './process-cpu';

describe('perSecond', () => {
  it('divides each process’s CPU ms by the span, to 0.1 ms/s', () => {
    expect(perSecond({ retrieval: 200, chat: 83, gateway: 0 }, 10)).toEqual({ retrieval: 20, chat: 8.3, gateway: 0 });
  });

  it('refuses an empty span', () => {
    expect(() => perSecond({ chat: 1 }, 0)).toThrow(/longer than 0 s/);
  });
});

describe('processCpuMs', () => {
  it('reads this process’s CPU time, which only grows', () => {
    const before = processCpuMs(process.pid);
    let spin = 0;
    for (let i = 0; i < 5_000_000; i++) spin += i;
    expect(spin).toBeGreaterThan(0);
    expect(processCpuMs(process.pid)).toBeGreaterThanOrEqual(before);
  });
});
