import type { ErrorCode } from '@eloquent/contracts';

/**
 * Codes the client itself reports, beside the gateway's stable {@link ErrorCode}s:
 * the server could not be reached, did not acknowledge in time, or the caller aborted.
 */
export type ClientErrorCode = 'CONNECTION_FAILED' | 'ACK_TIMEOUT' | 'ABORTED';

/** The server's error body as it travels in acks, `chat:error` and REST responses. */
export interface ServerErrorBody {
  code: ErrorCode;
  message: string;
  correlationId?: string;
  retryAfterMs?: number;
}

/** Every failure the client reports: `code` is stable, switch on it. */
export class EloquentError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  readonly correlationId?: string;
  /** Set with RATE_LIMITED: when to try again. */
  readonly retryAfterMs?: number;
  /** HTTP status, for REST calls. */
  readonly status?: number;

  constructor(body: { code: ErrorCode | ClientErrorCode; message: string; correlationId?: string; retryAfterMs?: number }, status?: number) {
    super(body.message);
    this.name = 'EloquentError';
    this.code = body.code;
    if (body.correlationId !== undefined) this.correlationId = body.correlationId;
    if (body.retryAfterMs !== undefined) this.retryAfterMs = body.retryAfterMs;
    if (status !== undefined) this.status = status;
  }
}

/** `{ error: {...} }` replies (acks, REST bodies) → the body, else undefined. */
export function errorOf(reply: unknown): ServerErrorBody | undefined {
  if (typeof reply !== 'object' || reply === null || !('error' in reply)) return undefined;
  const body = (reply as { error: unknown }).error;
  return typeof body === 'object' && body !== null && typeof (body as ServerErrorBody).code === 'string' ? (body as ServerErrorBody) : undefined;
}
