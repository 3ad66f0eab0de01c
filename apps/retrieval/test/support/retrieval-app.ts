import type { INestApplication } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { startService } from '@eloquent/runtime';
import { freePort, TEST_REDIS_URL, waitFor } from '@eloquent/testing';
import { RetrievalAppModule } from '../../src/app.module';
import { loadRetrievalConfig, type RetrievalConfig } from '../../src/config';
import { IndexRegistry } from '../../src/search/index-registry';
import { SearchService } from '../../src/search/search.service';

export interface RetrievalReplica {
  app: INestApplication;
  config: RetrievalConfig;
  registry: IndexRegistry;
  /** This replica's own search (the bus may route a request to either replica). */
  search: SearchService;
  close(): Promise<void>;
}

/** A retrieval service (HTTP + bus + worker), in this process, on the test's database and Redis prefix. */
export async function startRetrieval(databaseUrl: string, prefix: string, env: Record<string, string> = {}): Promise<RetrievalReplica> {
  const config = loadRetrievalConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    PORT: String(await freePort()),
    INDEX_POLL_MS: '100',
    SHUTDOWN_GRACE_MS: '2000',
    QUERY_EMBED_TIMEOUT_MS: '1000',
    INGEST_EMBED_TIMEOUT_MS: '2000',
    INGEST_RETRY_DELAY_MS: '50',
    INGEST_RETRY_MAX_DELAY_MS: '200',
    REEMBED_CHECK_MS: '0',
    ...env,
  });
  const app = await startService({ service: 'retrieval', module: RetrievalAppModule.forRoot(config), config, servesBus: true });
  return { app, config, registry: app.get(IndexRegistry), search: app.get(SearchService), close: () => app.close() };
}

/**
 * A bus client whose reply subscription is known to work. (A BusClient subscribes on its first
 * request; when that races the connection's ready check, ioredis reconnects and the first
 * reply can be lost, so the first request is a cheap one, retried.)
 */
export async function testBusClient(prefix: string): Promise<BusClient> {
  const client = new BusClient({ redisUrl: TEST_REDIS_URL, prefix, name: 'retrieval-test', defaultTimeoutMs: 15_000 });
  await waitFor('the bus client to get replies', () => client.request('retrieval.stats', {}, { timeoutMs: 500 }), 10_000, 10);
  return client;
}
