import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { SearchResponse } from '@eloquent/contracts';
import { REDIS, REDIS_PREFIX } from '@eloquent/redis';
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { RetrievalConfig } from '../config';

/**
 * Redis cache of search responses. The key holds the namespace's index version (the seq of
 * its last change) and the embedding model, so any write to the namespace, or a switch to a
 * new model, makes every older entry unreachable at once; the TTL only reclaims memory.
 * Replicas at the same version hold the same contents, so they share entries safely.
 * A cache failure never fails a search.
 */
@Injectable()
export class SearchCache {
  private readonly logger = new Logger(SearchCache.name);
  /** Settings that change rankings are part of the key, so replicas configured differently never share entries. */
  private readonly settings: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {
    const { BM25_K1, BM25_B, BM25_TITLE_WEIGHT, BM25_HEADING_WEIGHT, FUSION, RRF_K, VECTOR_WEIGHT, FUSION_DEPTH, VECTOR_BACKEND } = config;
    this.settings = JSON.stringify([BM25_K1, BM25_B, BM25_TITLE_WEIGHT, BM25_HEADING_WEIGHT, FUSION, RRF_K, VECTOR_WEIGHT, FUSION_DEPTH, VECTOR_BACKEND]);
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

  async get(key: string): Promise<SearchResponse | undefined> {
    if (!this.enabled) return undefined;
    try {
      const cached = await this.redis.get(key);
      return cached ? (JSON.parse(cached) as SearchResponse) : undefined;
    } catch (error) {
      this.logger.warn({ err: error }, 'search cache read failed');
      return undefined;
    }
  }

  async set(key: string, response: SearchResponse): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.redis.set(key, JSON.stringify(response), 'EX', this.config.SEARCH_CACHE_TTL_S);
    } catch (error) {
      this.logger.warn({ err: error }, 'search cache write failed');
    }
  }
}
