import { breakdownLines, sumBreakdowns } from './breakdown';

describe('breakdowns', () => {
  it('adds breakdowns up kind by kind', () => {
    const chat = new Map([
      ['GC', 2],
      ['zod', 1],
    ]);
    expect(sumBreakdowns([chat, new Map([['GC', 3]])])).toEqual(
      new Map([
        ['GC', 5],
        ['zod', 1],
      ]),
    );
  });

  it('prints the largest kind first with its ms, share and, when the answers are known, ms per answer', () => {
    const breakdown = new Map([
      ['zod', 25],
      ['GC', 75],
    ]);
    expect(breakdownLines(breakdown, 50)).toEqual([
      `  ${'GC'.padEnd(42)}      75 ms  75.0%  1.500 ms/answer`,
      `  ${'zod'.padEnd(42)}      25 ms  25.0%  0.500 ms/answer`,
    ]);
    expect(breakdownLines(breakdown)[0]).toBe(`  ${'GC'.padEnd(42)}      75 ms  75.0%`);
  });
});
