import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, redisCheck } from '@eloquent/observability';
import { REDIS } from '@eloquent/redis';
import { ServiceCoreModule } from '@eloquent/runtime';
import type Redis from 'ioredis';
import { ChatsModule } from './chats/chats.module';
import type { GatewayConfig } from './config';
import { IdentityModule } from './identity/identity.module';

@Module({})
export class GatewayAppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        ServiceCoreModule.forRoot({ service: 'gateway', config, busClient: true }),
        IdentityModule,
        ChatsModule,
        HealthModule.forRoot({ inject: [REDIS], useFactory: (redis: Redis) => [redisCheck(redis)] }),
      ],
    };
  }
}
