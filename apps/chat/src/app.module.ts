import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusModule } from '@eloquent/bus';
import { APP_CONFIG } from '@eloquent/config';
import { HealthModule, LoggingModule, postgresCheck, redisCheck } from '@eloquent/observability';
import { REDIS, RedisModule } from '@eloquent/redis';
import { migrate, postgresOptions } from '@eloquent/runtime';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AnswersModule } from './answers/answers.module';
import type { ChatConfig } from './config';
import { ConversationsModule } from './conversations/conversations.module';
import { chatDatabase } from './database/database';
import { GENERATORS, type Generators } from './generation/generators';

@Module({})
export class ChatAppModule {
  static forRoot(config: ChatConfig): DynamicModule {
    const database = chatDatabase(config);
    return {
      module: ChatAppModule,
      global: true,
      imports: [
        LoggingModule.forRoot({ service: 'chat', level: config.LOG_LEVEL }),
        RedisModule.forRoot({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, name: 'chat' }),
        BusModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, name: 'chat', defaultTimeoutMs: config.BUS_TIMEOUT_MS }),
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            if (config.DB_MIGRATE_ON_BOOT) await migrate(database);
            return postgresOptions(database);
          },
        }),
        ConversationsModule,
        HealthModule.forRoot({
          imports: [AnswersModule],
          inject: [REDIS, DataSource, GENERATORS],
          useFactory: (redis: Redis, dataSource: DataSource, generators: Generators) => [
            redisCheck(redis),
            postgresCheck(dataSource),
            { name: 'generation', check: async () => ({ mode: generators.primary.mode }) },
          ],
        }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
