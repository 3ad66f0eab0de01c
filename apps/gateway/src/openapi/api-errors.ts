import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { Views } from './views';

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED: a field is missing, malformed, or not allowed',
  401: 'UNAUTHORIZED, TOKEN_EXPIRED or TOKEN_INVALID: the session token was refused',
  403: 'FORBIDDEN: signed in without the admin role',
  404: 'CHAT_NOT_FOUND / MESSAGE_NOT_FOUND: it does not exist or belongs to someone else',
  409: 'ANSWER_IN_PROGRESS: the answer is still being written; rate it once it has ended',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED: see Retry-After and X-RateLimit-*',
  503: 'SERVICE_UNAVAILABLE: a dependency is down',
  504: 'UPSTREAM_TIMEOUT',
};

/** The error responses a route can give, all in the one `{ error: { code, message, correlationId } }` shape. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...[...statuses, 401, 429].map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], schema: Views.error })));
}
