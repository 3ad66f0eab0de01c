import { EVENT_LOOP_SAMPLE_MS } from '@eloquent/observability';
import { metricSample } from '@eloquent/testing';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Where a level's slow answers waited (docs/performance.md §3, "Stalls"). A first-token p95
 * far above the rest of a bench's runs has three kinds of cause, which these figures tell
 * apart: a service's own event loop stalled (GC, V8 compiling, a long task), an exchange
 * inside the stack was slow while every loop ran (Postgres, Redis, the bus), or the whole
 * machine paused (every process, the bench's own included, stood still).
 */
export interface ServiceStalls {
  /**
   * The longest the service's event loop was late during the level. Node's delay histogram
   * records the whole time between two of its samples (every EVENT_LOOP_SAMPLE_MS in a
   * service), so the sampling interval is taken off.
   */
  eventLoopDelayMaxMs: number;
  /** Time spent in garbage collection during the level, and how many major (mark-compact) collections. */
  gcMs: number;
  majorGcs: number;
  /** For each latency histogram series of the service, the observations during the level slower than the threshold. */
  slow: Record<string, number>;
}

/** Histogram series are counted as slow above this many seconds: a bucket bound of every latency histogram here. */
export const SLOW_SECONDS = 0.05;

const BUCKET = /^(\w+)_bucket\{(.*)\} (\S+)$/;

/** Each histogram series' observations above `thresholdS` (its `+Inf` count minus its `le` bucket's), by `name{labels}`. */
export function observationsAbove(exposition: string, thresholdS: number): Map<string, number> {
  const within = new Map<string, number>();
  const all = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    const match = BUCKET.exec(line);
    if (!match) continue;
    const [, name, labelText, value] = match;
    const labels = labelText.split(/,(?=\w+=")/);
    const le = labels.find((label) => label.startsWith('le="'));
    const series = `${name}{${labels.filter((label) => label !== le && !label.startsWith('service="')).join(',')}}`;
    if (le === 'le="+Inf"') all.set(series, Number(value));
    else if (le === `le="${thresholdS}"`) within.set(series, Number(value));
  }
  return new Map([...all].filter(([series]) => within.has(series)).map(([series, count]) => [series, count - within.get(series)!]));
}

const gcSeconds = (exposition: string, kind: string) => metricSample(exposition, 'eloquent_nodejs_gc_duration_seconds_sum', { kind }) ?? 0;
const gcCount = (exposition: string, kind: string) => metricSample(exposition, 'eloquent_nodejs_gc_duration_seconds_count', { kind }) ?? 0;
const GC_KINDS = ['major', 'minor', 'incremental', 'weakcb'];

/**
 * One service's stalls between two scrapes of its `/metrics`. The event-loop delay is read from
 * `after` alone: prom-client resets its delay histogram at every scrape, so `before` started it.
 */
export function stallsBetween(before: string, after: string, thresholdS = SLOW_SECONDS): ServiceStalls {
  const slowBefore = observationsAbove(before, thresholdS);
  const slow: Record<string, number> = {};
  for (const [series, count] of observationsAbove(after, thresholdS)) {
    const during = count - (slowBefore.get(series) ?? 0);
    if (during > 0) slow[series] = during;
  }
  const gcS = GC_KINDS.reduce((sum, kind) => sum + gcSeconds(after, kind) - gcSeconds(before, kind), 0);
  return {
    eventLoopDelayMaxMs: beyondInterval((metricSample(after, 'eloquent_nodejs_eventloop_lag_max_seconds') ?? 0) * 1000, EVENT_LOOP_SAMPLE_MS),
    gcMs: Math.round(gcS * 1000),
    majorGcs: gcCount(after, 'major') - gcCount(before, 'major'),
    slow,
  };
}

/** A delay histogram's reading less its sampling interval (an idle loop reads the interval itself), in whole ms. */
function beyondInterval(readingMs: number, intervalMs: number): number {
  return Math.max(0, Math.round(readingMs - intervalMs));
}

/** How often the bench samples its own loop. */
const BENCH_SAMPLE_MS = 10;

async function scrape(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return response.text();
}

/**
 * Scrapes every service now; the returned function scrapes them again and gives each one's
 * stalls in between, and the bench process's own longest event-loop delay (`bench`: when it
 * is as long as the services', the machine paused, not the stack).
 */
export async function stallMeter(
  ports: Record<string, number>,
): Promise<() => Promise<{ services: Record<string, ServiceStalls>; benchEventLoopDelayMaxMs: number }>> {
  const services = Object.entries(ports);
  const before = await Promise.all(services.map(([, port]) => scrape(port)));
  const benchLoop = monitorEventLoopDelay({ resolution: BENCH_SAMPLE_MS });
  benchLoop.enable();
  return async () => {
    benchLoop.disable();
    const after = await Promise.all(services.map(([, port]) => scrape(port)));
    return {
      services: Object.fromEntries(services.map(([service], i) => [service, stallsBetween(before[i], after[i])])),
      benchEventLoopDelayMaxMs: beyondInterval(benchLoop.max / 1e6, BENCH_SAMPLE_MS),
    };
  };
}
