import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { float32ToBytes } from '@eloquent/contracts';
import { REDIS, REDIS_PREFIX } from '@eloquent/redis';
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { EmbeddingConfig } from '../config';

/**
 * Redis cache of vectors keyed by (model id, sha256 of the normalised text), so a text
 * is embedded once per model however often it is re-ingested or asked.
 */
@Injectable()
export class EmbeddingCache {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: EmbeddingConfig,
  ) {}

  key(model: string, kind: string, text: string): string {
    const normalised = text.normalize('NFC').trim().replace(/\s+/g, ' ');
    const digest = createHash('sha256').update(normalised).digest('base64url');
    return `${this.prefix}emb:${model}:${kind}:${digest}`;
  }

  async getMany(keys: string[]): Promise<Array<Buffer | null>> {
    return keys.length ? this.redis.mgetBuffer(...keys) : [];
  }

  async setMany(entries: Array<[key: string, vector: Float32Array]>): Promise<void> {
    if (!entries.length) return;
    const pipeline = this.redis.pipeline();
    for (const [key, vector] of entries) {
      pipeline.set(key, float32ToBytes(vector), 'EX', this.config.EMBEDDING_CACHE_TTL_S);
    }
    await pipeline.exec();
  }
}
