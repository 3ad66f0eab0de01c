import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { GatewayConfig } from '../config';
import { AdoptionService } from './adoption.service';
import { AnonymousSessions } from './anonymous-session';
import { IdentityMiddleware } from './identity.middleware';
import { IdentityService } from './identity.service';
import { SessionTokenVerifier } from './session-token-verifier';

/**
 * Who the caller is (docs/architecture.md §7): every HTTP route goes through the identity
 * middleware, registered here as Nest middleware (not plain Express) so its errors reach the
 * HTTP exception filter like any other. The rate limits key on the identity it sets, so the
 * app module imports this module before RateLimitsModule: Nest mounts middleware in that order.
 */
@Module({
  providers: [
    {
      provide: AnonymousSessions,
      inject: [APP_CONFIG],
      useFactory: (config: GatewayConfig) => new AnonymousSessions(config.COOKIE_SECRET, config.COOKIE_SECURE || config.NODE_ENV === 'production'),
    },
    SessionTokenVerifier,
    AdoptionService,
    IdentityService,
  ],
  exports: [AnonymousSessions, SessionTokenVerifier, IdentityService],
})
export class IdentityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IdentityMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
