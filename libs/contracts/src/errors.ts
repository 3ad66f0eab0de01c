/**
 * Stable error codes. Clients switch on these; never rename one, only add.
 * Every error that crosses a boundary (HTTP body, socket event, bus reply) carries one.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  CHAT_NOT_FOUND: 'CHAT_NOT_FOUND',
  MESSAGE_NOT_FOUND: 'MESSAGE_NOT_FOUND',
  /** The answer is still being written: it can be rated once it has ended. */
  ANSWER_IN_PROGRESS: 'ANSWER_IN_PROGRESS',
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** A session token whose `exp` has passed: refresh it and retry. */
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  /** A session token that is malformed, forged, not yet valid, or for another issuer or party. */
  TOKEN_INVALID: 'TOKEN_INVALID',
  /** Authenticated, but without the role the route needs (e.g. admin). */
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  EMBEDDING_UNAVAILABLE: 'EMBEDDING_UNAVAILABLE',
  RETRIEVAL_FAILED: 'RETRIEVAL_FAILED',
  GENERATION_FAILED: 'GENERATION_FAILED',
  /** An answer that could not be saved because Postgres was unreachable (its text is stored once it is back). */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  UNKNOWN_PATTERN: 'UNKNOWN_PATTERN',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error shape on every transport. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  correlationId?: string;
  details?: unknown;
}

/**
 * An error with a stable code. Thrown anywhere; the transport's exception filter (or the
 * bus) turns it into an {@link ErrorBody}. `status` is the HTTP status it maps to.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = statusFor(code),
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(correlationId?: string): ErrorBody {
    return { code: this.code, message: this.message, correlationId, ...(this.details ? { details: this.details } : {}) };
  }
}

function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return 400;
    case 'UNAUTHORIZED':
    case 'TOKEN_EXPIRED':
    case 'TOKEN_INVALID':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'CHAT_NOT_FOUND':
    case 'MESSAGE_NOT_FOUND':
    case 'UNKNOWN_PATTERN':
      return 404;
    case 'ANSWER_IN_PROGRESS':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'RATE_LIMITED':
      return 429;
    case 'UPSTREAM_TIMEOUT':
      return 504;
    case 'SERVICE_UNAVAILABLE':
    case 'EMBEDDING_UNAVAILABLE':
    case 'RETRIEVAL_FAILED':
    case 'GENERATION_FAILED':
    case 'DATABASE_UNAVAILABLE':
      return 503;
    default:
      return 500;
  }
}
