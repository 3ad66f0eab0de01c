import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { GatewayConfig } from '../config';
import { AnonymousSessions } from './anonymous-session';

export const ANONYMOUS_SESSIONS = Symbol('ANONYMOUS_SESSIONS');

@Global()
@Module({
  providers: [
    {
      provide: ANONYMOUS_SESSIONS,
      inject: [APP_CONFIG],
      useFactory: (config: GatewayConfig) => new AnonymousSessions(config.COOKIE_SECRET, config.COOKIE_SECURE || config.NODE_ENV === 'production'),
    },
  ],
  exports: [ANONYMOUS_SESSIONS],
})
export class IdentityModule {}
