/** The CPU time of one service, or of all, by kind of work (ms): what profile-report.ts and perf-report.ts print. */
export type Breakdown = ReadonlyMap<string, number>;

/** All of the breakdowns added up, kind by kind. */
export function sumBreakdowns(breakdowns: Iterable<Breakdown>): Map<string, number> {
  const sum = new Map<string, number>();
  for (const breakdown of breakdowns) for (const [kind, ms] of breakdown) sum.set(kind, (sum.get(kind) ?? 0) + ms);
  return sum;
}

/** One line per kind of work, the largest first: its ms, its share, and its ms per answer when `answers` is known. */
export function breakdownLines(breakdown: Breakdown, answers?: number): string[] {
  const total = [...breakdown.values()].reduce((sum, ms) => sum + ms, 0);
  return [...breakdown]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([kind, ms]) =>
        `  ${kind.padEnd(42)} ${String(Math.round(ms)).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%${answers ? `  ${(ms / answers).toFixed(3)} ms/answer` : ''}`,
    );
}
