import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, redisCheck } from '@eloquent/observability';
import { REDIS } from '@eloquent/redis';
import { ServiceCoreModule } from '@eloquent/runtime';
import type Redis from 'ioredis';
import { AnswersModule } from './answers/answers.module';
import { ChatsModule } from './chats/chats.module';
import type { GatewayConfig } from './config';
import { DemoModule } from './demo/demo.module';
import { DocumentsModule } from './documents/documents.module';
import { IdentityModule } from './identity/identity.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { ReviewModule } from './review/review.module';
import { SearchModule } from './search/search.module';
import { SocketsModule } from './sockets/sockets.module';

@Module({})
export class GatewayAppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        ServiceCoreModule.forRoot({ service: 'gateway', config, busClient: true }),
        // Middleware mounts in this order: the rate limits key on the identity (docs/architecture.md §7).
        IdentityModule,
        RateLimitsModule,
        AnswersModule,
        SocketsModule,
        ChatsModule,
        SearchModule,
        DocumentsModule,
        ReviewModule,
        DemoModule,
        HealthModule.forRoot({ inject: [REDIS], useFactory: (redis: Redis) => [redisCheck(redis)] }),
      ],
    };
  }
}
