import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { breakerState, dependencyCalls, dependencyLatency } from './metrics';
import { isTransientError, retryAfterMs } from './transient-errors';

export interface ResilienceOptions {
  /** Dependency name in metrics, logs and health (e.g. `embedding.openai`). */
  name: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt (0 = none). */
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failures that open the breaker. */
  breakerThreshold: number;
  /** How long the breaker stays open before letting one trial call through (half-open). */
  halfOpenAfterMs: number;
  /** Which errors count (retry and breaker); default {@link isTransientError}. */
  isTransient?: (error: unknown) => boolean;
}

export type BreakerState = 'closed' | 'half-open' | 'open' | 'isolated';

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'isolated',
};
const STATE_VALUES: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };

/**
 * One external dependency behind the policy of docs/architecture.md §8, built with cockatiel:
 * retry (exponential backoff with full jitter, honouring `Retry-After`) → circuit breaker
 * → timeout per attempt. Only transient errors are retried or count against the breaker.
 * Calls, latency and breaker state are Prometheus metrics.
 */
export class ResilientCall {
  readonly breaker: CircuitBreakerPolicy;
  private readonly policy: IPolicy;

  constructor(readonly options: ResilienceOptions) {
    const transient = handleWhen(options.isTransient ?? isTransientError);
    const backoff = new DelegateBackoff<{ attempt: number; result: unknown }>((context) => {
      const failure = context.result as { error?: unknown };
      const asked = retryAfterMs(failure.error);
      if (asked !== undefined) return Math.min(asked, options.maxDelayMs);
      const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (context.attempt - 1));
      return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    });
    this.breaker = circuitBreaker(transient, { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.breakerThreshold) });
    this.breaker.onStateChange((state) => breakerState.set({ dependency: options.name }, STATE_VALUES[STATE_NAMES[state]]));
    breakerState.set({ dependency: options.name }, 0);
    const retryPolicy = retry(transient, { maxAttempts: options.retries, backoff });
    this.policy = wrap(retryPolicy, this.breaker, timeout(options.timeoutMs, TimeoutStrategy.Aggressive));
  }

  get state(): BreakerState {
    return STATE_NAMES[this.breaker.state];
  }

  /** Runs `fn`, passing a signal that aborts on timeout or when `signal` aborts. */
  async execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const started = performance.now();
    try {
      const result = await this.policy.execute(({ signal: attemptSignal }) => fn(attemptSignal), signal);
      dependencyCalls.inc({ dependency: this.options.name, outcome: 'success' });
      dependencyLatency.observe({ dependency: this.options.name }, (performance.now() - started) / 1000);
      return result as T;
    } catch (error) {
      dependencyCalls.inc({ dependency: this.options.name, outcome: error instanceof BrokenCircuitError ? 'rejected' : 'failure' });
      throw error;
    }
  }
}
