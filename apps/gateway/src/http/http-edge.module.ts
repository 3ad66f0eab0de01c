import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { IdentityMiddleware } from '../identity/identity.middleware';
import { RateLimitMiddleware } from '../rate-limits/rate-limit.middleware';

/**
 * Every HTTP route goes through the caller's identity, then the rate limits, in that
 * order. Registered as Nest middleware (not plain Express) so their errors reach the HTTP
 * exception filter like any other.
 */
@Module({})
export class HttpEdgeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IdentityMiddleware, RateLimitMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
