import { APIError } from '@anthropic-ai/sdk';
import { isTransientError } from '@eloquent/resilience';

/** The response ended (or the connection dropped) before `message_stop`. */
export class StreamInterruptedError extends Error {
  override readonly name = 'StreamInterruptedError';
}

/** Claude finished without writing any text. */
export class EmptyAnswerError extends Error {
  override readonly name = 'EmptyAnswerError';
}

/** The caller stopped the answer (`chat:stop`) or its total time ran out; never retried. */
export class GenerationAbortedError extends Error {
  override readonly name = 'GenerationAbortedError';
}

/**
 * `error` events inside an SSE stream carry no HTTP status, only the API's error type;
 * these are the ones that are worth another attempt (529 overloaded, 500, 429).
 */
const TRANSIENT_STREAM_ERROR_TYPES = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);

/**
 * Worth another attempt before the first token: 429, 529, 5xx, connection errors, the
 * first-token timeout (cockatiel's TaskCancelledError), the same errors arriving as an
 * SSE `error` event, and a stream cut before its first token. A stop or the total
 * deadline is not, and neither is anything that will fail again (400, 401, 404).
 */
export function isTransientClaudeError(error: unknown): boolean {
  if (error instanceof GenerationAbortedError || error instanceof EmptyAnswerError) return false;
  if (error instanceof StreamInterruptedError) return true;
  if (error instanceof APIError && error.status === undefined && error.type) return TRANSIENT_STREAM_ERROR_TYPES.has(error.type);
  return isTransientError(error);
}
