import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, redisCheck } from '@eloquent/observability';
import { REDIS } from '@eloquent/redis';
import { ServiceCoreModule } from '@eloquent/runtime';
import type Redis from 'ioredis';
import type { EmbeddingConfig } from './config';
import { EmbedModule } from './embed/embed.module';
import { EmbeddingService } from './embed/embedding.service';

@Module({})
export class EmbeddingAppModule {
  static forRoot(config: EmbeddingConfig): DynamicModule {
    return {
      module: EmbeddingAppModule,
      imports: [
        ServiceCoreModule.forRoot({ service: 'embedding', config, busClient: false }),
        EmbedModule,
        HealthModule.forRoot({
          imports: [EmbedModule],
          inject: [REDIS, EmbeddingService],
          useFactory: (redis: Redis, embeddings: EmbeddingService) => [
            redisCheck(redis),
            // Always up: a tier with an open breaker degrades one vector space, and taking the
            // replica out of rotation would not bring the API back. The details say which.
            { name: 'embedding', check: async () => embeddings.health() },
          ],
        }),
      ],
    };
  }
}
