import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusModule } from '@eloquent/bus';
import { APP_CONFIG } from '@eloquent/config';
import { HealthModule, LoggingModule, postgresCheck, redisCheck } from '@eloquent/observability';
import { REDIS, RedisModule } from '@eloquent/redis';
import { migrate, postgresOptions } from '@eloquent/runtime';
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
    const database = retrievalDatabase(config);
    return {
      module: RetrievalAppModule,
      global: true,
      imports: [
        LoggingModule.forRoot({ service: 'retrieval', level: config.LOG_LEVEL }),
        RedisModule.forRoot({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, name: 'retrieval' }),
        BusModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, name: 'retrieval', defaultTimeoutMs: config.BUS_TIMEOUT_MS }),
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            if (config.DB_MIGRATE_ON_BOOT) await migrate(database);
            return postgresOptions(database);
          },
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
      providers: [{ provide: APP_CONFIG, useValue: config }, SampleSeeder],
      exports: [APP_CONFIG],
    };
  }
}
