import { counter, gauge, histogram, LATENCY_BUCKETS } from '@eloquent/observability';

/*
 * Bus RED metrics of the caller side (the handler side: server-metrics.ts). `pattern` is a bounded label (the patterns of
 * libs/contracts); `outcome` is `ok` or the reply's error code. docs/observability.md.
 */

export const clientRequests = counter({
  name: 'eloquent_bus_client_requests_total',
  help: 'Bus requests this service sent, by pattern and outcome (ok, or the error code; UPSTREAM_TIMEOUT when no reply came in time)',
  labelNames: ['pattern', 'outcome'],
});
export const clientDuration = histogram({
  name: 'eloquent_bus_client_request_duration_seconds',
  help: 'Bus request round trip seen by the caller, by pattern and outcome',
  labelNames: ['pattern', 'outcome'],
  buckets: LATENCY_BUCKETS,
});
export const clientInFlight = gauge({
  name: 'eloquent_bus_client_requests_in_flight',
  help: 'Bus requests awaiting a reply, by pattern',
  labelNames: ['pattern'],
});
