import { SocketEvents, type ChatSendAck, type DoneEvent, type ErrorEvent, type SourcesEvent, type TokenEvent } from '@eloquent/contracts';
import { waitFor } from '@eloquent/testing';
import type { Socket } from 'socket.io-client';

type Received =
  { name: 'token'; event: TokenEvent } | { name: 'sources'; event: SourcesEvent } | { name: 'done'; event: DoneEvent } | { name: 'error'; event: ErrorEvent };

/**
 * Everything one socket received for one answer, in arrival order. Events are kept from the
 * start and matched once the message id is known: the client can read the acknowledgement
 * and the first events in one chunk, and then handles those events before the code awaiting
 * the acknowledgement learns the id (a widget buffers them the same way).
 */
export class AnswerEvents {
  private readonly received: Received[] = [];

  private constructor(private readonly messageId: () => string | undefined) {}

  /** Starts collecting `messageId`'s events on `socket` (before the event that triggers them). */
  static on(socket: Socket, messageId: () => string | undefined): AnswerEvents & { detach(): void } {
    const events = new AnswerEvents(messageId);
    const onToken = (event: TokenEvent) => events.received.push({ name: 'token', event });
    const onSources = (event: SourcesEvent) => events.received.push({ name: 'sources', event });
    const onDone = (event: DoneEvent) => events.received.push({ name: 'done', event });
    const onError = (event: ErrorEvent) => events.received.push({ name: 'error', event });
    socket.on(SocketEvents.token, onToken).on(SocketEvents.sources, onSources).on(SocketEvents.done, onDone).on(SocketEvents.error, onError);
    return Object.assign(events, {
      detach: () => {
        socket.off(SocketEvents.token, onToken).off(SocketEvents.sources, onSources).off(SocketEvents.done, onDone).off(SocketEvents.error, onError);
      },
    });
  }

  private get mine(): Received[] {
    const id = this.messageId();
    return id === undefined ? [] : this.received.filter((r) => r.event.messageId === id);
  }

  get tokens(): TokenEvent[] {
    return this.mine.flatMap((r) => (r.name === 'token' ? [r.event] : []));
  }

  get sources(): SourcesEvent | undefined {
    return this.mine.flatMap((r) => (r.name === 'sources' ? [r.event] : [])).pop();
  }

  get done(): DoneEvent | undefined {
    return this.mine.flatMap((r) => (r.name === 'done' ? [r.event] : [])).pop();
  }

  get error(): ErrorEvent | undefined {
    return this.mine.flatMap((r) => (r.name === 'error' ? [r.event] : [])).pop();
  }

  get order(): string[] {
    return this.mine.map((r) => r.name);
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
  // Collected from before the emit: events can arrive in the same read as the acknowledgement.
  const sent: { messageId?: string } = {};
  const events = AnswerEvents.on(socket, () => sent.messageId);
  const ack = (await socket.timeout(10_000).emitWithAck(SocketEvents.send, payload)) as ChatSendAck;
  if ('error' in ack) throw new Error(`chat:send failed: ${ack.error.code} ${ack.error.message}`);
  sent.messageId = ack.messageId;
  return { chatId: ack.chatId, messageId: ack.messageId, events };
}
