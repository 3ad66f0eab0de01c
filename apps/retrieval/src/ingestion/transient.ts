import { AppError } from '@eloquent/contracts';
import { isTransientError } from '@eloquent/resilience';

const TRANSIENT_CODES = new Set(['UPSTREAM_TIMEOUT', 'SERVICE_UNAVAILABLE', 'EMBEDDING_UNAVAILABLE', 'RATE_LIMITED']);

/**
 * Whether an embedding failure may go away on its own (the service is down, slow, rate
 * limited or overloaded: worth retrying later) rather than being this document's fault
 * (bad input: retrying gives the same answer).
 */
export function isTransientEmbeddingError(error: unknown): boolean {
  if (error instanceof AppError) return TRANSIENT_CODES.has(error.code);
  return isTransientError(error);
}

/**
 * Whether a database error is the document's own (bad data, e.g. a NUL character in text:
 * SQLSTATE classes 22 and 23) rather than the database's (down, deadlock: the job retries).
 */
export function isDocumentDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
