import { BrokenCircuitError, ResilientCall, type BreakerState, type ResilienceOptions } from '@eloquent/resilience';
import type { EmbeddingConfig } from '../config';
import type { EmbeddingKind, EmbeddingProvider, EmbeddingTier } from '../providers/embedding-provider';
import { batchSize } from './metrics';

/** Settings of one tier's ResilientCall (its name is `embedding.<tier>`). */
export type TierResilience = Omit<ResilienceOptions, 'name'>;

/** API tiers retry transient failures; in-process tiers fail fast (a retry would fail the same way). */
export function resilienceFor(tier: EmbeddingTier, config: EmbeddingConfig): TierResilience {
  const breaker = { breakerThreshold: config.EMBEDDING_BREAKER_THRESHOLD, halfOpenAfterMs: config.EMBEDDING_BREAKER_HALF_OPEN_MS };
  const remote = tier === 'pinecone' || tier === 'openai';
  return remote
    ? {
        timeoutMs: config.EMBEDDING_API_TIMEOUT_MS,
        retries: config.EMBEDDING_API_RETRIES,
        initialDelayMs: config.EMBEDDING_RETRY_BASE_MS,
        maxDelayMs: config.EMBEDDING_RETRY_MAX_DELAY_MS,
        ...breaker,
      }
    : { timeoutMs: config.EMBEDDING_LOCAL_TIMEOUT_MS, retries: 0, initialDelayMs: 1, maxDelayMs: 1, ...breaker };
}

/** A provider behind its own timeout, retries and circuit breaker, checked to keep its promises. */
export class Tier {
  readonly call: ResilientCall;
  private readonly counts = { calls: 0, failures: 0, rejected: 0, latencyMs: 0 };

  constructor(
    readonly provider: EmbeddingProvider,
    resilience: TierResilience,
  ) {
    this.call = new ResilientCall({ name: `embedding.${provider.tier}`, ...resilience });
  }

  get name(): EmbeddingTier {
    return this.provider.tier;
  }

  get state(): BreakerState {
    return this.call.state;
  }

  /** Calls since boot, for /health/ready (the same figures are Prometheus metrics). */
  get stats(): { calls: number; failures: number; rejected: number; meanLatencyMs: number } {
    const { calls, failures, rejected, latencyMs } = this.counts;
    const succeeded = calls - failures - rejected;
    return { calls, failures, rejected, meanLatencyMs: succeeded ? Math.round((latencyMs / succeeded) * 10) / 10 : 0 };
  }

  async embed(texts: string[], kind: EmbeddingKind): Promise<Float32Array[]> {
    const started = performance.now();
    this.counts.calls++;
    try {
      // A signal of its own: without one, cockatiel hangs every concurrent call's abort
      // listener on one shared signal (and Node warns past ten).
      const vectors = await this.call.execute(
        async (signal) => this.checked(texts, await this.provider.embed(texts, kind, signal)),
        new AbortController().signal,
      );
      this.counts.latencyMs += performance.now() - started;
      batchSize.observe({ tier: this.name }, texts.length);
      return vectors;
    } catch (error) {
      if (error instanceof BrokenCircuitError) this.counts.rejected++;
      else this.counts.failures++;
      throw error;
    }
  }

  /** A vector of the wrong size must never reach an index: fail (and fail over) instead. */
  private checked(texts: string[], vectors: Float32Array[]): Float32Array[] {
    const { dims, tier, modelId } = this.provider;
    if (vectors.length !== texts.length) throw new Error(`${tier} returned ${vectors.length} vectors for ${texts.length} texts`);
    const wrong = vectors.find((v) => v.length !== dims);
    if (wrong) throw new Error(`${tier} returned a ${wrong.length}-dim vector; ${modelId} has ${dims} dims`);
    return vectors;
  }
}
