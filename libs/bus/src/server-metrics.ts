import { counter, gauge, histogram, LATENCY_BUCKETS, scrapedGauge } from '@eloquent/observability';
import type Redis from 'ioredis';

/*
 * Bus RED metrics of the handler side, and the consumer group's backlog (the caller side:
 * client-metrics.ts, kept apart so the published bus client needs no NestJS).
 * docs/observability.md.
 */

export const handledRequests = counter({
  name: 'eloquent_bus_handler_requests_total',
  help: 'Bus requests this service handled, by pattern and outcome (ok, the error code, or expired: the caller had given up before it was read)',
  labelNames: ['pattern', 'outcome'],
});
export const handlerDuration = histogram({
  name: 'eloquent_bus_handler_duration_seconds',
  help: 'Bus request handling time in the handler, by pattern and outcome',
  labelNames: ['pattern', 'outcome'],
  buckets: LATENCY_BUCKETS,
});
export const handlerInFlight = gauge({ name: 'eloquent_bus_handler_requests_in_flight', help: 'Bus requests being handled by this replica' });

const groupPending = scrapedGauge({
  name: 'eloquent_bus_consumer_group_pending',
  help: "Entries of the service's request stream read by a replica and not yet acknowledged, read at scrape time",
  labelNames: [],
});
const groupLag = scrapedGauge({
  name: 'eloquent_bus_consumer_group_lag',
  help: "Entries of the service's request stream not yet read by any replica (requests waiting), read at scrape time",
  labelNames: [],
});

/**
 * Reports the consumer group `group` of `stream` on every scrape (XINFO GROUPS). Read entries
 * are trimmed within a second (libs/bus/src/stream-trim.ts), so when Redis cannot tell the
 * lag the stream's length stands for it (counting the entries read in the last second too).
 * Returns the function that stops it.
 */
export function watchConsumerGroup(redis: Redis, stream: string, group: string): () => void {
  const read = async () => {
    const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
    const fields = groups.map(toRecord).find((g) => g.name === group);
    if (!fields) return undefined;
    const lag = fields.lag === null || fields.lag === undefined ? await redis.xlen(stream) : Number(fields.lag);
    return { pending: Number(fields.pending ?? 0), lag };
  };
  const stops = [
    groupPending.add(async (metric) => {
      const info = await read();
      if (info) metric.set(info.pending);
    }),
    groupLag.add(async (metric) => {
      const info = await read();
      if (info) metric.set(info.lag);
    }),
  ];
  return () => stops.forEach((stop) => stop());
}

function toRecord(flat: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
  return record;
}
