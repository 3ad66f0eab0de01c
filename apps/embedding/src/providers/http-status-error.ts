/**
 * An API answered with a non-2xx status. Carries `status` and `headers` the way
 * `isTransientError` and `retryAfterMs` (libs/resilience) read them, for SDKs whose own
 * errors drop them.
 */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpStatusError';
  }
}
