import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { GatewayConfig } from '../config';
import { AdoptionService } from './adoption.service';
import { AnonymousSessions } from './anonymous-session';
import { IdentityService } from './identity.service';
import { SessionTokenVerifier } from './session-token-verifier';

@Global()
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
export class IdentityModule {}
