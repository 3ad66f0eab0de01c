import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AnswersModule } from '../answers/answers.module';
import { OutputTokenMeter } from './output-token-meter';
import { RateLimitMiddleware } from './rate-limit.middleware';
import { RateLimiter } from './rate-limiter';

/**
 * The rate limits (docs/architecture.md §7): the limiter, the meter that charges answers'
 * output tokens, and the HTTP middleware, which every route goes through after the
 * caller's identity is resolved (IdentityModule's middleware, registered before this one).
 */
@Module({ imports: [AnswersModule], providers: [RateLimiter, OutputTokenMeter], exports: [RateLimiter, OutputTokenMeter] })
export class RateLimitsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RateLimitMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
