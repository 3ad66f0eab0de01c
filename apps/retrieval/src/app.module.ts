import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, postgresCheck, redisCheck } from '@eloquent/observability';
import { REDIS } from '@eloquent/redis';
import { ServiceCoreModule } from '@eloquent/runtime';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { RetrievalConfig } from './config';
import { retrievalDatabase } from './database/database';
import { DocumentsModule } from './documents/documents.module';
import { IndexRegistry } from './search/index-registry';
import { SearchModule } from './search/search.module';
import { SampleSeeder } from './seed/sample-seeder';

@Module({})
export class RetrievalAppModule {
  static forRoot(config: RetrievalConfig): DynamicModule {
    return {
      module: RetrievalAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'retrieval',
          config,
          busClient: true,
          database: { options: retrievalDatabase(config), migrateOnBoot: config.DB_MIGRATE_ON_BOOT },
        }),
        DocumentsModule,
        SearchModule,
        HealthModule.forRoot({
          imports: [SearchModule],
          inject: [REDIS, DataSource, IndexRegistry],
          useFactory: (redis: Redis, dataSource: DataSource, registry: IndexRegistry) => [
            redisCheck(redis),
            postgresCheck(dataSource),
            {
              name: 'index',
              check: async () => {
                if (!registry.loaded) throw new Error('index is loading');
                return { ...registry.stats(), version: registry.version };
              },
            },
          ],
        }),
      ],
      providers: [SampleSeeder],
    };
  }
}
