import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { SearchResponse } from '@eloquent/contracts';
import { REDIS, REDIS_PREFIX } from '@eloquent/redis';
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { RetrievalConfig } from '../config';

/** Entries each replica also keeps in memory (a response is some tens of KB: a few MB at most). */
const MEMORY_ENTRIES = 256;

/** What is cached: a response without its timings (they are the request's own). */
export type CachedSearch = Omit<SearchResponse, 'timingsMs'>;

/**
 * Redis cache of search responses, kept as JSON text (sent on the bus as it is:
 * docs/performance.md). The key holds the namespace's index version (the seq of
 * its last change) and the embedding model, so any write to the namespace, or a switch to a
 * new model, makes every older entry unreachable at once; the TTL only reclaims memory.
 * Replicas at the same version hold the same contents, so they share entries safely.
 * Since an entry never changes, each replica also keeps the most recently used ones in
 * memory, in front of Redis. A cache failure never fails a search.
 */
@Injectable()
export class SearchCache {
  private readonly logger = new Logger(SearchCache.name);
  /** Settings that change rankings are part of the key, so replicas configured differently never share entries. */
  private readonly settings: string;
  /** Least recently used first. */
  private readonly memory = new Map<string, string>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {
    const { BM25_K1, BM25_B, BM25_TITLE_WEIGHT, BM25_HEADING_WEIGHT, FUSION, RRF_K, VECTOR_WEIGHT, FUSION_DEPTH, VECTOR_BACKEND, SPELLING_CORRECTION } = config;
    // The spelling correction changes the BM25 leg and the term statistics: replicas with it on and off must not share entries.
    this.settings = JSON.stringify([
      BM25_K1,
      BM25_B,
      BM25_TITLE_WEIGHT,
      BM25_HEADING_WEIGHT,
      FUSION,
      RRF_K,
      VECTOR_WEIGHT,
      FUSION_DEPTH,
      VECTOR_BACKEND,
      SPELLING_CORRECTION,
    ]);
  }

  get enabled(): boolean {
    return this.config.SEARCH_CACHE_TTL_S > 0;
  }

  key(namespace: string, version: number, model: string | undefined, request: unknown): string {
    const digest = createHash('sha256')
      .update(JSON.stringify([this.settings, model ?? null, request]))
      .digest('base64url');
    return `${this.prefix}search:${namespace}:${version}:${digest}`;
  }

  /** The cached response's JSON text (a {@link CachedSearch}). */
  async get(key: string): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    const remembered = this.memory.get(key);
    if (remembered !== undefined) {
      this.remember(key, remembered);
      return remembered;
    }
    try {
      const cached = await this.redis.get(key);
      if (cached) this.remember(key, cached);
      return cached ?? undefined;
    } catch (error) {
      this.logger.warn({ err: error }, 'search cache read failed');
      return undefined;
    }
  }

  /** Stores a response's JSON text (a {@link CachedSearch}). */
  async set(key: string, json: string): Promise<void> {
    if (!this.enabled) return;
    this.remember(key, json);
    try {
      await this.redis.set(key, json, 'EX', this.config.SEARCH_CACHE_TTL_S);
    } catch (error) {
      this.logger.warn({ err: error }, 'search cache write failed');
    }
  }

  private remember(key: string, json: string): void {
    this.memory.delete(key);
    this.memory.set(key, json);
    if (this.memory.size > MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value as string);
  }
}
