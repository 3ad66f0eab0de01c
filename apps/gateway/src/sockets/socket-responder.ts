import { Logger } from '@nestjs/common';
import { AppError, SocketEvents, type ErrorEvent } from '@eloquent/contracts';
import { toErrorBody } from '@eloquent/bus';
import { newCorrelationId, outcomeOf, runWithContext } from '@eloquent/observability';
import type { Socket } from 'socket.io';
import type { Identity } from '../identity/anonymous-session';
import { eventLabel, socketEvents, socketEventSeconds } from './socket-metrics';

const logger = new Logger('Socket');

type Ack = ((reply: unknown) => void) | undefined;

/**
 * The socket transport's one error boundary: runs an event handler with a fresh
 * correlation id and the caller's identity, acknowledges its result, and turns any error
 * into `{ error: { code, message, correlationId } }` — as the ack when the client asked
 * for one, else as a `chat:error` event. The socket stays usable either way.
 */
export async function respond<T>(event: string, socket: Socket, ack: Ack, handler: () => Promise<T>): Promise<void> {
  const identity = socket.data.identity as Identity;
  const correlationId = newCorrelationId();
  await runWithContext({ correlationId, userId: identity.userId }, async () => {
    logger.debug({ event, socketId: socket.id }, 'socket event');
    const started = performance.now();
    let outcome = 'ok';
    try {
      const result = await handler();
      if (typeof ack === 'function') ack(result);
    } catch (error) {
      outcome = outcomeOf(error);
      replyError(socket, ack, error, correlationId);
    }
    const labels = { event: eventLabel(event), outcome };
    socketEvents.inc(labels);
    socketEventSeconds.observe(labels, (performance.now() - started) / 1000);
  });
}

/**
 * Reports an error to the client the way {@link respond} does; also used for events
 * refused before any handler runs (rate limits). A RATE_LIMITED error carries
 * `retryAfterMs` beside its code.
 */
export function replyError(socket: Socket, ack: Ack, error: unknown, correlationId = newCorrelationId()): void {
  if (!(error instanceof AppError)) logger.error({ err: error, correlationId }, 'socket handler failed');
  const body = socketErrorBody(error, correlationId);
  if (typeof ack === 'function') ack({ error: body });
  else socket.emit(SocketEvents.error, body);
}

/** The uniform error body, plus `retryAfterMs` for a rate limit. */
export function socketErrorBody(error: unknown, correlationId: string): ErrorEvent {
  const body: ErrorEvent = toErrorBody(error, correlationId);
  const details = error instanceof AppError ? (error.details as { retryAfterMs?: unknown } | undefined) : undefined;
  if (typeof details?.retryAfterMs === 'number') body.retryAfterMs = details.retryAfterMs;
  return body;
}
