import { createRedis } from '@eloquent/redis';
import { TEST_REDIS_URL } from '@eloquent/testing';
import type Redis from 'ioredis';
import { loadEmbeddingConfig, type EmbeddingConfig } from '../../src/config';
import { EmbeddingCache } from '../../src/embed/embedding-cache';
import { EmbeddingService } from '../../src/embed/embedding.service';
import { resilienceFor, Tier } from '../../src/embed/tier';
import { TierRouter } from '../../src/embed/tier-router';
import type { EmbeddingProvider } from '../../src/providers/embedding-provider';

export interface Counted {
  /** The texts of every provider call, in order. */
  calls: string[][];
}

/** Records every call a real provider receives (to count what the cache and batching save). */
export function counted<P extends EmbeddingProvider>(provider: P): P & Counted {
  const calls: string[][] = [];
  const embed = provider.embed.bind(provider);
  provider.embed = (texts, kind, signal) => {
    calls.push(texts);
    return embed(texts, kind, signal);
  };
  return Object.assign(provider, { calls });
}

/** The real service (cache on the real Redis under `prefix`) over the given providers, in preference order. */
export async function buildService(
  prefix: string,
  providers: EmbeddingProvider[],
  env: NodeJS.ProcessEnv = {},
  redis: Redis = createRedis(TEST_REDIS_URL, 'embedding-test'),
): Promise<{ service: EmbeddingService; config: EmbeddingConfig; redis: Redis }> {
  const config = loadEmbeddingConfig({ REDIS_PREFIX: prefix, EMBEDDING_API_RETRIES: '0', EMBEDDING_BREAKER_HALF_OPEN_MS: '60000', ...env });
  const router = new TierRouter(providers.map((p) => new Tier(p, resilienceFor(p.tier, config))));
  const service = new EmbeddingService(router, new EmbeddingCache(redis, prefix, config), config);
  await service.onModuleInit().catch(async (error: unknown) => {
    await router.close();
    redis.disconnect();
    throw error;
  });
  return { service, config, redis };
}
