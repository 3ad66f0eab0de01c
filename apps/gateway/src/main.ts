import 'reflect-metadata';
import { runService } from '@eloquent/runtime';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GatewayAppModule } from './app.module';
import { loadGatewayConfig } from './config';
import { MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_FILES } from './documents/uploaded-documents';
import { requestBodyGuard } from './http/request-body-guard';
import { securityHeaders } from './http/security-headers';
import { setupOpenApi } from './openapi/openapi';
import { GatewaySocketAdapter } from './socket-adapter';

runService(() => {
  const config = loadGatewayConfig();
  return {
    service: 'gateway',
    module: GatewayAppModule.forRoot(config),
    config,
    servesBus: false,
    configure: (app) => {
      const express = app as NestExpressApplication;
      // req.ip agrees with the rate limiter's client IP (see http/client-ip.ts).
      express.set('trust proxy', config.TRUST_PROXY_HOPS);
      express.disable('x-powered-by');
      app.use(securityHeaders());
      // Before the body parsers: refuses unreadable or oversized bodies without reading them.
      app.use(
        requestBodyGuard({
          jsonBytes: config.MAX_PAYLOAD_BYTES,
          uploadBytes: MAX_UPLOAD_FILES * MAX_UPLOAD_FILE_BYTES + config.MAX_PAYLOAD_BYTES,
          uploadPaths: ['/v1/documents'],
        }),
      );
      express.useBodyParser('json', { limit: config.MAX_PAYLOAD_BYTES });
      app.enableCors({ origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false, credentials: true });
      app.useWebSocketAdapter(new GatewaySocketAdapter(app, config));
      setupOpenApi(app);
    },
  };
});
