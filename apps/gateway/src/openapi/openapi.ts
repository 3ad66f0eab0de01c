import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { socketAsyncApiDocument } from '@eloquent/contracts';
import type { Request, Response } from 'express';
import { ANON_COOKIE } from '../identity/anonymous-session';
import { ADMIN_KEY_HEADER } from '../identity/admin.guard';

export const OPENAPI_PATH = 'docs';
/** The socket contract (AsyncAPI 3, generated from libs/contracts), beside the REST one. */
export const ASYNCAPI_PATH = `/${OPENAPI_PATH}/asyncapi.json`;

/** Swagger UI at `/docs`, the document at `/docs/json`; the socket contract at `/docs/asyncapi.json` (and docs/gateway.md). */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Eloquent gateway')
    .setDescription(
      'The public REST API. Answers stream over socket.io (events chat:send, chat:token, chat:sources, chat:done, chat:error, chat:stop, chat:resume, chat:feedback; ' +
        'see docs/gateway.md). Every error is `{ error: { code, message, correlationId } }`. Callers are a Clerk session ' +
        '(`Authorization: Bearer`) or an anonymous visitor (the signed `eloquent_anon` cookie, set on the first response). ' +
        `The socket events as an AsyncAPI 3 document: [${ASYNCAPI_PATH}](${ASYNCAPI_PATH}).`,
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Clerk session token' }, 'clerk')
    .addCookieAuth(ANON_COOKIE, { type: 'apiKey', in: 'cookie', name: ANON_COOKIE, description: 'Anonymous session (set by the gateway)' }, 'anonymous')
    .addApiKey({ type: 'apiKey', in: 'header', name: ADMIN_KEY_HEADER, description: 'ADMIN_API_KEY, for automation' }, 'admin-key')
    .build();
  // Registered before Swagger UI, whose static files are served under the same prefix.
  app.getHttpAdapter().get(ASYNCAPI_PATH, (req: Request, res: Response) => res.json(socketAsyncApiDocument({ host: req.get('host') ?? undefined })));
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(OPENAPI_PATH, app, document, { jsonDocumentUrl: `${OPENAPI_PATH}/json`, yamlDocumentUrl: `${OPENAPI_PATH}/yaml` });
}
