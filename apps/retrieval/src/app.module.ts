import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, postgresCheck, redisCheck } from '@eloquent/observability';
import { REDIS } from '@eloquent/redis';
import { ServiceCoreModule } from '@eloquent/runtime';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { ChangeListener } from './change-log/change-listener';
import type { RetrievalConfig } from './config';
import { retrievalDatabase } from './database/database';
import { DocumentsModule } from './documents/documents.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { IndexRegistry } from './local-index/index-registry';
import { QueryEmbedder } from './search/query-embedder';
import { SearchModule } from './search/search.module';
import { SampleSeeder } from './seed/sample-seeder';
import { VectorSpaceModule } from './vector-space/vector-space.module';
import { VECTOR_BACKEND, type VectorBackend } from './vector-backends/vector-backend';

@Module({})
export class RetrievalAppModule {
  static forRoot(config: RetrievalConfig): DynamicModule {
    const search = SearchModule.forRoot(config);
    return {
      module: RetrievalAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'retrieval',
          config,
          busClient: true,
          database: { options: retrievalDatabase(config), migrateOnBoot: config.DB_MIGRATE_ON_BOOT },
        }),
        VectorSpaceModule,
        DocumentsModule,
        IngestionModule,
        search,
        HealthModule.forRoot({
          imports: [search],
          inject: [REDIS, DataSource, IndexRegistry, VECTOR_BACKEND, QueryEmbedder, ChangeListener],
          useFactory: (
            redis: Redis,
            dataSource: DataSource,
            registry: IndexRegistry,
            backend: VectorBackend,
            queryEmbedder: QueryEmbedder,
            changes: ChangeListener,
          ) => [
            redisCheck(redis),
            postgresCheck(dataSource),
            {
              name: 'index',
              check: async () => {
                if (!registry.loaded) throw new Error('index is loading');
                return {
                  // Stateless mode holds no chunks here: the counts are the vector backend's (below).
                  indexMode: config.INDEX_MODE,
                  ...registry.stats(),
                  version: registry.version,
                  // Reported, not required: with the query-embedding breaker open, search answers BM25-only.
                  vectorLeg: queryEmbedder.state === 'closed' ? 'ok' : 'degraded',
                  queryEmbeddingBreaker: queryEmbedder.state,
                  // Reported, not required: while the listener reconnects, the fallback poll keeps the
                  // index correct, up to INDEX_FALLBACK_POLL_MS late (docs/retrieval.md, "Waking the followers").
                  changeNotifications: changes.state,
                  changeNotificationReconnects: changes.reconnects,
                  ...(await backendStats(backend)),
                };
              },
            },
          ],
        }),
      ],
      providers: [SampleSeeder],
    };
  }
}

/** Reported, not required: without a remote vector index, search still answers (BM25-only, marked degraded). */
async function backendStats(backend: VectorBackend): Promise<Record<string, Record<string, unknown>>> {
  if (!backend.stats) return {};
  try {
    return { [backend.name]: await backend.stats() };
  } catch (error) {
    return { [backend.name]: { error: error instanceof Error ? error.message : String(error) } };
  }
}
