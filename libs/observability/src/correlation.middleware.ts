import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_HEADER, newCorrelationId, runWithContext } from './request-context';

/**
 * HTTP: runs the rest of the request inside a request context whose correlation id comes
 * from `x-correlation-id` (when a caller sends a sane one) or is new, and echoes it back,
 * so bus calls, logs and error bodies of this request all carry the same id.
 */
export function correlationMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const header = req.headers[CORRELATION_HEADER];
  const correlationId = typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : newCorrelationId();
  res.setHeader(CORRELATION_HEADER, correlationId);
  runWithContext({ correlationId }, next);
}
