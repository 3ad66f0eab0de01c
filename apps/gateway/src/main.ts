import 'reflect-metadata';
import { runService } from '@eloquent/runtime';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GatewayAppModule } from './app.module';
import { loadGatewayConfig } from './config';
import { ANONYMOUS_SESSIONS } from './identity/identity.module';
import { identityMiddleware } from './identity/identity.middleware';
import type { AnonymousSessions } from './identity/anonymous-session';
import { GatewaySocketAdapter } from './socket-adapter';

runService(() => {
  const config = loadGatewayConfig();
  return {
    service: 'gateway',
    module: GatewayAppModule.forRoot(config),
    config,
    servesBus: false,
    configure: (app) => {
      (app as NestExpressApplication).useBodyParser('json', { limit: config.MAX_PAYLOAD_BYTES });
      app.use(identityMiddleware(app.get<AnonymousSessions>(ANONYMOUS_SESSIONS)));
      app.enableCors({ origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false, credentials: true });
      app.useWebSocketAdapter(new GatewaySocketAdapter(app, config));
    },
  };
});
