import { SocketEvents, type ChatSendAck, type DoneEvent, type ErrorEvent, type SourcesEvent, type TokenEvent } from '@eloquent/contracts';
import { waitFor } from '@eloquent/testing';
import type { Socket } from 'socket.io-client';

/** Everything one socket received for one answer, in arrival order. */
export class AnswerEvents {
  readonly tokens: TokenEvent[] = [];
  sources?: SourcesEvent;
  done?: DoneEvent;
  error?: ErrorEvent;
  readonly order: string[] = [];

  /** Starts collecting `messageId`'s events on `socket` (before the event that triggers them). */
  static on(socket: Socket, messageId: () => string | undefined): AnswerEvents & { detach(): void } {
    const events = new AnswerEvents();
    const mine = (event: { messageId?: string }) => event.messageId === messageId();
    const onToken = (e: TokenEvent) => mine(e) && (events.tokens.push(e), events.order.push('token'));
    const onSources = (e: SourcesEvent) => mine(e) && ((events.sources = e), events.order.push('sources'));
    const onDone = (e: DoneEvent) => mine(e) && ((events.done = e), events.order.push('done'));
    const onError = (e: ErrorEvent) => mine(e) && ((events.error = e), events.order.push('error'));
    socket.on(SocketEvents.token, onToken).on(SocketEvents.sources, onSources).on(SocketEvents.done, onDone).on(SocketEvents.error, onError);
    return Object.assign(events, {
      detach: () => {
        socket.off(SocketEvents.token, onToken).off(SocketEvents.sources, onSources).off(SocketEvents.done, onDone).off(SocketEvents.error, onError);
      },
    });
  }

  get text(): string {
    return this.tokens.map((t) => t.text).join('');
  }

  get ended(): boolean {
    return this.done !== undefined || this.error !== undefined;
  }

  get lastSeq(): number {
    return this.tokens.length === 0 ? -1 : this.tokens[this.tokens.length - 1].seq;
  }

  until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<true> {
    return waitFor(`${what} (got ${this.order.join(',') || 'nothing'})`, () => condition() || undefined, timeoutMs, 10);
  }
}

/** Sends a question and follows its answer's events on the same socket. */
export async function send(
  socket: Socket,
  payload: { content: string; chatId?: string },
): Promise<{ chatId: string; messageId: string; events: AnswerEvents }> {
  // Events before the acknowledgement cannot be this answer's: its id is not known yet.
  const sent: { messageId?: string } = {};
  const events = AnswerEvents.on(socket, () => sent.messageId);
  const ack = (await socket.timeout(10_000).emitWithAck(SocketEvents.send, payload)) as ChatSendAck;
  if ('error' in ack) throw new Error(`chat:send failed: ${ack.error.code} ${ack.error.message}`);
  sent.messageId = ack.messageId;
  return { chatId: ack.chatId, messageId: ack.messageId, events };
}
