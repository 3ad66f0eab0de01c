import { Inject, Injectable } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { APP_CONFIG } from '@eloquent/config';
import { AppError, decodeVector, Patterns } from '@eloquent/contracts';
import { BrokenCircuitError, ResilientCall, TaskCancelledError, type BreakerState } from '@eloquent/resilience';
import { hashedEmbedding, hashedEmbeddingDims } from '@eloquent/text';
import type { RetrievalConfig } from '../config';

/** Embedding-service failures that say "unavailable" (a dead or overloaded tier), not "bad request". */
const UNAVAILABLE = new Set(['UPSTREAM_TIMEOUT', 'SERVICE_UNAVAILABLE', 'EMBEDDING_UNAVAILABLE']);

/**
 * Embeds a query in the index's vector space. In the deterministic hashed space (the keyless
 * default) that is a pure function of the text, computed here: the embedding service would run
 * the same function after a bus round trip (docs/retrieval.md, "Query embedding"). Any other
 * model is asked of the embedding service, with a short timeout: search must stay fast.
 * Behind a circuit breaker (docs/failure-modes.md): once the embedding service has failed
 * QUERY_EMBED_BREAKER_THRESHOLD times in a row, queries go BM25-only at once instead of each
 * waiting the timeout, until a trial call after QUERY_EMBED_BREAKER_HALF_OPEN_MS succeeds.
 */
@Injectable()
export class QueryEmbedder {
  private readonly call: ResilientCall;

  constructor(
    private readonly bus: BusClient,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {
    this.call = new ResilientCall({
      name: 'retrieval.query-embedding',
      timeoutMs: config.QUERY_EMBED_TIMEOUT_MS,
      retries: 0,
      initialDelayMs: 0,
      maxDelayMs: 0,
      breakerThreshold: config.QUERY_EMBED_BREAKER_THRESHOLD,
      halfOpenAfterMs: config.QUERY_EMBED_BREAKER_HALF_OPEN_MS,
      isTransient: (error) => error instanceof TaskCancelledError || (error instanceof AppError && UNAVAILABLE.has(error.code)),
    });
  }

  /** The breaker's state, for readiness: `open` means the vector leg is skipped (search is BM25-only). */
  get state(): BreakerState {
    return this.call.state;
  }

  /** Whether a query in `model`'s space is embedded in this process (no round trip to wait for). */
  embedsLocally(model: string): boolean {
    return this.localDims(model) !== undefined;
  }

  async embed(query: string, model: string): Promise<Float32Array> {
    const dims = this.localDims(model);
    if (dims !== undefined) return hashedEmbedding(query, dims);
    try {
      const reply = await this.call.execute(() =>
        this.bus.request(Patterns.embeddingEmbed, { texts: [query], kind: 'query', model }, { timeoutMs: this.config.QUERY_EMBED_TIMEOUT_MS }),
      );
      return decodeVector(reply.vectors[0]);
    } catch (error) {
      // Stable codes for the search's `degraded` reason.
      if (error instanceof TaskCancelledError)
        throw new AppError('UPSTREAM_TIMEOUT', `query embedding took longer than ${this.config.QUERY_EMBED_TIMEOUT_MS} ms`);
      if (error instanceof BrokenCircuitError) throw new AppError('EMBEDDING_UNAVAILABLE', 'query embedding breaker open: the embedding service kept failing');
      throw error;
    }
  }

  /** The dimension when queries in `model`'s space are embedded here: the hashed space, LOCAL_QUERY_EMBEDDING on. */
  private localDims(model: string): number | undefined {
    return this.config.LOCAL_QUERY_EMBEDDING === 'on' ? hashedEmbeddingDims(model) : undefined;
  }
}
