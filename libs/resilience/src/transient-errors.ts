import { TaskCancelledError } from 'cockatiel';

const TRANSIENT_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504, 529]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
const CONNECTION_ERROR_NAMES = new Set(['APIConnectionError', 'APIConnectionTimeoutError', 'FetchError', 'AbortError', 'ConnectTimeoutError']);

/** The HTTP status an SDK error carries (Anthropic, OpenAI and Pinecone errors all expose `status`). */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Worth retrying: 429, 5xx and 529 (overloaded), timeouts, and dropped or refused
 * connections. Anything else (400, 401, 404, bad input) fails the same way every time.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof TaskCancelledError) return true;
  const status = statusOf(error);
  if (status !== undefined) return TRANSIENT_STATUS.has(status);
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    if (typeof name === 'string' && CONNECTION_ERROR_NAMES.has(name)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** How long the server asked us to wait (`retry-after-ms`, or `retry-after` in seconds or as a date). */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as { headers?: unknown } | null)?.headers;
  const read = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };
  const ms = Number(read('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && read('retry-after-ms') !== undefined) return ms;
  const value = read('retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
