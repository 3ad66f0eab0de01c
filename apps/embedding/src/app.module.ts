import { Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { HealthModule, LoggingModule, redisCheck } from '@eloquent/observability';
import { REDIS, RedisModule } from '@eloquent/redis';
import type Redis from 'ioredis';
import type { EmbeddingConfig } from './config';
import { EmbedModule } from './embed/embed.module';
import { EmbeddingService } from './embed/embedding.service';

@Module({})
export class EmbeddingAppModule {
  static forRoot(config: EmbeddingConfig): DynamicModule {
    return {
      module: EmbeddingAppModule,
      global: true,
      imports: [
        LoggingModule.forRoot({ service: 'embedding', level: config.LOG_LEVEL }),
        RedisModule.forRoot({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, name: 'embedding' }),
        EmbedModule,
        HealthModule.forRoot({
          imports: [EmbedModule],
          inject: [REDIS, EmbeddingService],
          useFactory: (redis: Redis, embeddings: EmbeddingService) => [
            redisCheck(redis),
            { name: 'model', check: async () => ({ defaultModel: embeddings.defaultModel }) },
          ],
        }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
