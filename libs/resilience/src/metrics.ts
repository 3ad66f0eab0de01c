import { counter, gauge, histogram } from '@eloquent/observability';

/** Dependency metrics shared by every resilient call, labelled by dependency name. */
export const dependencyCalls = counter({
  name: 'eloquent_dependency_calls_total',
  help: 'Calls to external dependencies by outcome (success, failure, rejected by an open breaker).',
  labelNames: ['dependency', 'outcome'],
});

export const dependencyLatency = histogram({
  name: 'eloquent_dependency_latency_seconds',
  help: 'Latency of successful calls to external dependencies, retries included.',
  labelNames: ['dependency'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

export const breakerState = gauge({
  name: 'eloquent_circuit_breaker_state',
  help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open, 3 isolated.',
  labelNames: ['dependency'],
});
