/** Garbage-collection pauses by kind (minor, major, incremental, weakcb): how many and how long, in total. */
export type GcPauses = Record<string, { count: number; ms: number }>;

/**
 * A service's GC pauses so far, from its Prometheus endpoint (prom-client's default
 * `nodejs_gc_duration_seconds` histogram, under the `eloquent_` prefix).
 */
export async function gcPauses(url: string): Promise<GcPauses> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  return parseGcPauses(text);
}

export function parseGcPauses(metrics: string): GcPauses {
  const pauses: GcPauses = {};
  for (const [, part, kind, value] of metrics.matchAll(/^eloquent_nodejs_gc_duration_seconds_(sum|count)\{[^}]*\bkind="(\w+)"[^}]*\} (\S+)$/gm)) {
    pauses[kind] ??= { count: 0, ms: 0 };
    if (part === 'sum') pauses[kind].ms = Number(value) * 1000;
    else pauses[kind].count = Number(value);
  }
  return pauses;
}

/** The pauses between two readings, ms rounded to 0.1. */
export function gcPausesBetween(before: GcPauses, after: GcPauses): GcPauses {
  return Object.fromEntries(
    Object.entries(after).map(([kind, { count, ms }]) => [
      kind,
      { count: count - (before[kind]?.count ?? 0), ms: Math.round((ms - (before[kind]?.ms ?? 0)) * 10) / 10 },
    ]),
  );
}
