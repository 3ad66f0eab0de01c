import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, postgresCheck, redisCheck } from '@eloquent/observability';
import { REDIS } from '@eloquent/redis';
import { ServiceCoreModule } from '@eloquent/runtime';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AnswerReviewModule } from './answer-review/answer-review.module';
import { AnswersModule } from './answers/answers.module';
import type { ChatConfig } from './config';
import { ConversationsModule } from './conversations/conversations.module';
import { chatDatabase } from './database/database';
import { GENERATORS, type Generators } from './generation/generators';

@Module({})
export class ChatAppModule {
  static forRoot(config: ChatConfig): DynamicModule {
    return {
      module: ChatAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: 'chat',
          config,
          busClient: true,
          database: { options: chatDatabase(config), migrateOnBoot: config.DB_MIGRATE_ON_BOOT },
        }),
        ConversationsModule,
        AnswersModule,
        AnswerReviewModule,
        HealthModule.forRoot({
          imports: [AnswersModule],
          inject: [REDIS, DataSource, GENERATORS],
          useFactory: (redis: Redis, dataSource: DataSource, generators: Generators) => [
            redisCheck(redis),
            postgresCheck(dataSource),
            // Informational: an open breaker degrades answers to retrieval-only, it does not make chat unready.
            {
              name: 'generation',
              check: async () => ({ mode: generators.primary.mode, ...(generators.breakerState ? { breaker: generators.breakerState() } : {}) }),
            },
          ],
        }),
      ],
    };
  }
}
