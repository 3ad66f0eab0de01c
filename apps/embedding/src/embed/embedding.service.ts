import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { encodeVector, float32FromBytes, type EmbeddingInfo, type EmbedResponse } from '@eloquent/contracts';
import type { EmbeddingConfig } from '../config';
import { EMBEDDING_TIERS, type EmbeddingKind, type EmbeddingTier } from '../providers/embedding-provider';
import { EmbeddingCache } from './embedding-cache';
import { cacheErrors, embeddedTexts, truncatedTexts } from './metrics';
import { MicroBatcher, type EmbeddedText } from './micro-batcher';
import { TierRouter, type ModelLimits } from './tier-router';
import { fitToTokens } from './truncate';
import { validateEmbedRequest } from './validate-request';

/** A text one request is embedding, shared with concurrent requests for it until it is cached. */
interface Shared {
  key: string;
  promise: Promise<EmbeddedText>;
}

/** One distinct text of a request that the cache did not have. */
interface Missing {
  key: string;
  text: string;
  tokens: number;
  /** Positions in the request (a text may repeat). */
  indexes: number[];
}

/**
 * Serves `embedding.embed`: picks the tiers that produce the requested vector space
 * (never another model's vectors), answers from the cache where it can, embeds each
 * distinct missing text once — sharing it with concurrent requests for the same text —
 * and coalesces concurrent requests into provider-sized batches.
 */
@Injectable()
export class EmbeddingService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EmbeddingService.name);
  private readonly batchers = new Map<string, MicroBatcher>();
  /** Texts being embedded right now, by cache key, so concurrent identical texts are embedded once. */
  private readonly inFlight = new Map<string, Promise<EmbeddedText>>();

  constructor(
    readonly router: TierRouter,
    private readonly cache: EmbeddingCache,
    @Inject(APP_CONFIG) private readonly config: EmbeddingConfig,
  ) {}

  /** Loads the tiers (the local model) and refuses to start with a default model no tier produces. */
  async onModuleInit(): Promise<void> {
    await this.router.init();
    const model = this.config.EMBEDDING_MODEL;
    if (model && !this.router.has(model)) {
      const active = this.router.tiers.map((t) => `${t.name} → ${t.provider.modelId}`).join(', ');
      throw new Error(`EMBEDDING_MODEL=${model} is produced by no active tier (active: ${active})`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.router.close();
  }

  /** The model new indexes are built with: EMBEDDING_MODEL, else the first active tier's. */
  get defaultModel(): string {
    return this.config.EMBEDDING_MODEL ?? this.router.tiers[0].provider.modelId;
  }

  info(): EmbeddingInfo {
    return this.router.info(this.defaultModel);
  }

  /** For /health/ready: every active tier, its space and its breaker. */
  health(): Record<string, unknown> {
    return {
      defaultModel: this.defaultModel,
      microBatchWaitMs: this.config.EMBEDDING_BATCH_WAIT_MS,
      tiers: this.router.tiers.map((t) => ({ tier: t.name, model: t.provider.modelId, dims: t.provider.dims, breaker: t.state, ...t.stats })),
    };
  }

  async embed(input: unknown): Promise<EmbedResponse> {
    const request = validateEmbedRequest(input);
    const model = request.model ?? this.defaultModel;
    const limits = this.router.limits(model);
    const { kind } = request;

    const truncated: number[] = [];
    const texts = request.texts.map((text, i) => {
      const fitted = fitToTokens(text, limits.maxInputTokens, limits.countTokens);
      if (fitted.truncated) truncated.push(i);
      return fitted.text;
    });
    if (truncated.length) truncatedTexts.inc({ model }, truncated.length);

    // Keyed by the caller's text: the truncation rule is the model's, so the key stays valid.
    const keys = request.texts.map((text) => this.cache.key(model, kind, text));
    const hits = await this.readCache(keys);
    const vectors: Array<Float32Array | undefined> = hits.map((hit) => (hit ? float32FromBytes(hit) : undefined));
    const cached = vectors.filter(Boolean).length;

    const missing = new Map<string, Missing>();
    keys.forEach((key, i) => {
      if (vectors[i]) return;
      const entry = missing.get(key);
      if (entry) entry.indexes.push(i);
      else missing.set(key, { key, text: texts[i], tokens: limits.countTokens(texts[i]), indexes: [i] });
    });

    const tiers = new Set<EmbeddingTier>();
    const fresh: Array<[string, Float32Array]> = [];
    const entries = [...missing.values()];
    const owned: Shared[] = [];
    let computed: Array<EmbeddedText & { shared: boolean }>;
    try {
      computed = await this.compute(limits, kind, entries, owned);
      computed.forEach(({ vector, tier, shared }, j) => {
        const entry = entries[j];
        for (const i of entry.indexes) vectors[i] = vector;
        tiers.add(tier);
        if (!shared) fresh.push([entry.key, vector]);
      });
      await this.writeCache(fresh);
    } finally {
      this.stopSharing(owned);
    }

    embeddedTexts.inc({ model, source: 'cache' }, cached);
    embeddedTexts.inc({ model, source: 'computed' }, fresh.length);
    embeddedTexts.inc({ model, source: 'shared' }, computed.length - fresh.length);
    return {
      vectors: vectors.map((v) => encodeVector(v!)),
      model,
      dims: limits.dims,
      tier: tiers.size ? EMBEDDING_TIERS.filter((t) => tiers.has(t)).join('+') : 'cache',
      cached,
      ...(truncated.length ? { truncated } : {}),
    };
  }

  /**
   * Vectors for `missing`, in order; `shared` marks one another request is computing (and
   * caching). The texts this request computes for others too are added to `owned`.
   */
  private async compute(limits: ModelLimits, kind: EmbeddingKind, missing: Missing[], owned: Shared[]): Promise<Array<EmbeddedText & { shared: boolean }>> {
    if (this.config.EMBEDDING_BATCH_WAIT_MS === 0) return this.computeAlone(limits, kind, missing);
    const batcher = this.batcherFor(limits);
    return Promise.all(
      missing.map(async ({ key, text, tokens }) => {
        const pending = this.inFlight.get(key);
        if (pending) return { ...(await pending), shared: true };
        const promise = batcher.submit(text, kind, tokens);
        this.inFlight.set(key, promise);
        owned.push({ key, promise });
        return { ...(await promise), shared: false };
      }),
    );
  }

  /**
   * Ends the sharing of the texts a request computed, once it has cached them (or failed).
   * Until then a concurrent request whose cache read missed still finds them here: its read
   * went to Redis before the write, so it can come back after the vector was computed, and
   * with the entry gone it would embed the text again. Replies come back in order on the one
   * connection, so every read sent before the write has been answered, and has looked here,
   * by the next macrotask after the write's reply.
   */
  private stopSharing(owned: Shared[]): void {
    if (owned.length === 0) return;
    setImmediate(() => {
      for (const { key, promise } of owned) if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    });
  }

  /** Micro-batching off: the request's own texts, in provider-sized calls one after the other. */
  private async computeAlone(limits: ModelLimits, kind: EmbeddingKind, missing: Missing[]): Promise<Array<EmbeddedText & { shared: boolean }>> {
    const results: Array<EmbeddedText & { shared: boolean }> = [];
    for (let start = 0; start < missing.length;) {
      let end = start + 1;
      let tokens = missing[start].tokens;
      while (end < missing.length && end - start < limits.maxBatch && tokens + missing[end].tokens <= (limits.maxBatchTokens ?? Infinity)) {
        tokens += missing[end++].tokens;
      }
      const { vectors, tier } = await this.router.embed(
        limits.model,
        missing.slice(start, end).map((m) => m.text),
        kind,
      );
      results.push(...vectors.map((vector) => ({ vector, tier, shared: false })));
      start = end;
    }
    return results;
  }

  private batcherFor(limits: ModelLimits): MicroBatcher {
    let batcher = this.batchers.get(limits.model);
    if (!batcher) {
      batcher = new MicroBatcher({
        waitMs: this.config.EMBEDDING_BATCH_WAIT_MS,
        maxBatch: limits.maxBatch,
        maxBatchTokens: limits.maxBatchTokens,
        maxInFlight: () => this.router.concurrency(limits.model),
        run: (texts, kind) => this.router.embed(limits.model, texts, kind),
      });
      this.batchers.set(limits.model, batcher);
    }
    return batcher;
  }

  /** A cache outage costs provider calls, not answers. */
  private async readCache(keys: string[]): Promise<Array<Buffer | null>> {
    try {
      return await this.cache.getMany(keys);
    } catch (error) {
      cacheErrors.inc({ operation: 'read' });
      this.logger.warn({ err: error }, 'embedding cache read failed; embedding without it');
      return keys.map(() => null);
    }
  }

  private async writeCache(entries: Array<[string, Float32Array]>): Promise<void> {
    try {
      await this.cache.setMany(entries);
    } catch (error) {
      cacheErrors.inc({ operation: 'write' });
      this.logger.warn({ err: error }, 'embedding cache write failed');
    }
  }
}
