import { Gauge, Histogram, Registry } from 'prom-client';
import { observationsAbove, stallsBetween } from './stalls';

/** A registry laid out as a service's: the default `service` label, a latency histogram, and the GC and event-loop series. */
function serviceMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'chat' });
  const latency = new Histogram({
    name: 'eloquent_bus_handler_duration_seconds',
    help: 'h',
    labelNames: ['pattern', 'outcome'],
    buckets: [0.01, 0.05, 0.1],
    registers: [registry],
  });
  const gc = new Histogram({ name: 'eloquent_nodejs_gc_duration_seconds', help: 'gc', labelNames: ['kind'], buckets: [0.001, 0.01], registers: [registry] });
  const lagMax = new Gauge({ name: 'eloquent_nodejs_eventloop_lag_max_seconds', help: 'lag', registers: [registry] });
  return { registry, latency, gc, lagMax };
}

describe('stalls', () => {
  it('counts each histogram series’ observations above the threshold, by series without the service label', async () => {
    const { registry, latency } = serviceMetrics();
    for (const seconds of [0.004, 0.03, 0.07, 0.2]) latency.observe({ pattern: 'chat.send', outcome: 'ok' }, seconds);
    latency.observe({ pattern: 'retrieval.search', outcome: 'ok' }, 0.02);

    const above = observationsAbove(await registry.metrics(), 0.05);

    expect(above.get('eloquent_bus_handler_duration_seconds{pattern="chat.send",outcome="ok"}')).toBe(2);
    expect(above.get('eloquent_bus_handler_duration_seconds{pattern="retrieval.search",outcome="ok"}')).toBe(0);
  });

  it('ignores histograms without a bucket at the threshold', async () => {
    const { registry, gc } = serviceMetrics();
    gc.observe({ kind: 'minor' }, 0.5);

    expect([...observationsAbove(await registry.metrics(), 0.05).keys()].some((series) => series.includes('gc'))).toBe(false);
  });

  it('gives what happened between two scrapes: slow observations, GC time, major collections and the loop’s longest delay', async () => {
    const { registry, latency, gc, lagMax } = serviceMetrics();
    latency.observe({ pattern: 'chat.send', outcome: 'ok' }, 0.3);
    gc.observe({ kind: 'major' }, 0.02);
    const before = await registry.metrics();
    latency.observe({ pattern: 'chat.send', outcome: 'ok' }, 0.06);
    latency.observe({ pattern: 'chat.send', outcome: 'ok' }, 0.001);
    gc.observe({ kind: 'major' }, 0.04);
    gc.observe({ kind: 'minor' }, 0.002);
    lagMax.set(0.173); // 123 ms late, read with the 50 ms sampling interval

    expect(stallsBetween(before, await registry.metrics())).toEqual({
      eventLoopDelayMaxMs: 123,
      gcMs: 42,
      majorGcs: 1,
      slow: { 'eloquent_bus_handler_duration_seconds{pattern="chat.send",outcome="ok"}': 1 },
    });
  });

  it('reports nothing slow, no GC and no delay when nothing happened', async () => {
    const { registry } = serviceMetrics();
    const exposition = await registry.metrics();

    expect(stallsBetween(exposition, exposition)).toEqual({ eventLoopDelayMaxMs: 0, gcMs: 0, majorGcs: 0, slow: {} });
  });
});
