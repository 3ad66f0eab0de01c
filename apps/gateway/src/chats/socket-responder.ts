import { Logger } from '@nestjs/common';
import { AppError, SocketEvents, type ErrorBody } from '@eloquent/contracts';
import { toErrorBody } from '@eloquent/bus';
import { newCorrelationId, runWithContext } from '@eloquent/observability';
import type { Socket } from 'socket.io';
import type { Identity } from '../identity/anonymous-session';

const logger = new Logger('Socket');

/**
 * The socket transport's one error boundary: runs an event handler with a fresh
 * correlation id and the caller's identity, acknowledges its result, and turns any error
 * into `{ error: { code, message, correlationId } }` — as the ack when the client asked
 * for one, else as a `chat:error` event. The socket stays usable either way.
 */
export async function respond<T>(event: string, socket: Socket, ack: ((reply: unknown) => void) | undefined, handler: () => Promise<T>): Promise<void> {
  const identity = socket.data.identity as Identity;
  const correlationId = newCorrelationId();
  await runWithContext({ correlationId, userId: identity.userId }, async () => {
    logger.debug({ event, socketId: socket.id }, 'socket event');
    try {
      const result = await handler();
      if (typeof ack === 'function') ack(result);
    } catch (error) {
      if (!(error instanceof AppError)) logger.error({ err: error }, 'socket handler failed');
      const body: ErrorBody = toErrorBody(error, correlationId);
      if (typeof ack === 'function') ack({ error: body });
      else socket.emit(SocketEvents.error, body);
    }
  });
}
