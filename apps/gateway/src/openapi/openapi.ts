import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ANON_COOKIE } from '../identity/anonymous-session';
import { ADMIN_KEY_HEADER } from '../identity/admin.guard';

export const OPENAPI_PATH = 'docs';

/** Swagger UI at `/docs`, the document at `/docs/json`. The socket contract is in docs/gateway.md. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Eloquent gateway')
    .setDescription(
      'The public REST API. Answers stream over socket.io (events chat:send, chat:token, chat:sources, chat:done, chat:error, chat:stop, chat:resume; ' +
        'see docs/gateway.md). Every error is `{ error: { code, message, correlationId } }`. Callers are a Clerk session ' +
        '(`Authorization: Bearer`) or an anonymous visitor (the signed `eloquent_anon` cookie, set on the first response).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Clerk session token' }, 'clerk')
    .addCookieAuth(ANON_COOKIE, { type: 'apiKey', in: 'cookie', name: ANON_COOKIE, description: 'Anonymous session (set by the gateway)' }, 'anonymous')
    .addApiKey({ type: 'apiKey', in: 'header', name: ADMIN_KEY_HEADER, description: 'ADMIN_API_KEY, for automation' }, 'admin-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(OPENAPI_PATH, app, document, { jsonDocumentUrl: `${OPENAPI_PATH}/json`, yamlDocumentUrl: `${OPENAPI_PATH}/yaml` });
}
