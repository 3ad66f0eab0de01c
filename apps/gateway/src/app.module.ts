import { Module, type DynamicModule } from '@nestjs/common';
import { BusModule } from '@eloquent/bus';
import { APP_CONFIG } from '@eloquent/config';
import { HealthModule, LoggingModule, redisCheck } from '@eloquent/observability';
import { REDIS, RedisModule } from '@eloquent/redis';
import type Redis from 'ioredis';
import { ChatsModule } from './chats/chats.module';
import type { GatewayConfig } from './config';
import { IdentityModule } from './identity/identity.module';

@Module({})
export class GatewayAppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayAppModule,
      global: true,
      imports: [
        LoggingModule.forRoot({ service: 'gateway', level: config.LOG_LEVEL }),
        RedisModule.forRoot({ url: config.REDIS_URL, prefix: config.REDIS_PREFIX, name: 'gateway' }),
        BusModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, name: 'gateway', defaultTimeoutMs: config.BUS_TIMEOUT_MS }),
        IdentityModule,
        ChatsModule,
        HealthModule.forRoot({ inject: [REDIS], useFactory: (redis: Redis) => [redisCheck(redis)] }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
