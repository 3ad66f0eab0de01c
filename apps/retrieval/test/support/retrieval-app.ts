import type { INestApplication } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { startService } from '@eloquent/runtime';
import { createTestDatabase, createTestRedisPrefix, freePort, TEST_REDIS_URL, waitFor, type TestDatabase } from '@eloquent/testing';
import { RetrievalAppModule } from '../../src/app.module';
import { loadRetrievalConfig, type RetrievalConfig } from '../../src/config';
import { IndexRegistry } from '../../src/local-index/index-registry';
import { SearchService } from '../../src/search/search.service';
import { startTestEmbedder, TestEmbedder } from './test-embedder';

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

/** Everything a retrieval integration test runs against; `close` takes it all down. */
export interface RetrievalHarness {
  prefix: string;
  database: TestDatabase;
  embedder: TestEmbedder;
  retrieval: RetrievalReplica;
  bus: BusClient;
  /** Takes the embedder off the bus (the embedding service is gone). */
  stopEmbedder(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A database and Redis prefix of the test's own, `embedder` answering on the bus, one
 * retrieval replica started with `env`, and a bus client to talk to it.
 */
export async function startRetrievalHarness(label: string, env: Record<string, string> = {}, embedder = new TestEmbedder()): Promise<RetrievalHarness> {
  const redis = createTestRedisPrefix(label);
  const database = await createTestDatabase(label);
  const stub = await startTestEmbedder(redis.prefix, embedder);
  const retrieval = await startRetrieval(database.url, redis.prefix, env);
  const bus = await testBusClient(redis.prefix);
  let embedderStopped: Promise<void> | undefined;
  const stopEmbedder = () => (embedderStopped ??= stub.close());
  return {
    prefix: redis.prefix,
    database,
    embedder: stub.embedder,
    retrieval,
    bus,
    stopEmbedder,
    close: async () => {
      await bus.close();
      await retrieval.close();
      await stopEmbedder();
      await database.drop();
      await redis.cleanup();
    },
  };
}
