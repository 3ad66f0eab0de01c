import { Injectable } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import {
  Patterns,
  ChatFeedbackPayloadSchema,
  ChatResumePayloadSchema,
  ChatSendPayloadSchema,
  ChatStopPayloadSchema,
  parseOrThrow,
  SocketEvents,
  type AnswerStreamEntry,
  type MessageView,
} from '@eloquent/contracts';
import type { Socket } from 'socket.io';
import { AnswerRelay } from '../answers/answer-relay';
import type { Identity } from '../identity/anonymous-session';
import { OutputTokenMeter } from '../rate-limits/output-token-meter';
import { refusedRelayField } from './relay-field-refusal';

/** After a chat replica refused the `relay` field, the gateway asks without it for this long (relay-field-refusal.ts). */
const RELAY_REFUSED_BACKOFF_MS = 60_000;

/** What the socket events do; the gateway class only routes events here. */
@Injectable()
export class ChatSocketService {
  /** Until when `chat.send` goes without `relay` (epoch ms): an older chat refused it. */
  private relayRefusedUntil = 0;

  constructor(
    private readonly bus: BusClient,
    private readonly relay: AnswerRelay,
    private readonly meter: OutputTokenMeter,
  ) {}

  /** `chat:send`: stores the question via chat, then streams the answer to this socket. */
  async send(socket: Socket, identity: Identity, payload: unknown): Promise<{ chatId: string; messageId: string }> {
    const { chatId, content } = parseOrThrow(ChatSendPayloadSchema, payload);
    const request = { userId: identity.userId, content, ...(chatId !== undefined ? { chatId } : {}) };
    // `relay`: the answer's writer wakes this gateway's relay (AnswerRelay, docs/performance.md §5, cut 22).
    let writerWakes = Date.now() >= this.relayRefusedUntil;
    let reply;
    try {
      reply = await this.bus.request(Patterns.chatSend, writerWakes ? { ...request, relay: this.relay.id } : request);
    } catch (error) {
      if (!writerWakes || !refusedRelayField(error)) throw error;
      // An older chat replica (a rolling upgrade, or chat rolled back alone): nothing was stored.
      this.relayRefusedUntil = Date.now() + RELAY_REFUSED_BACKOFF_MS;
      writerWakes = false;
      reply = await this.bus.request(Patterns.chatSend, request);
    }
    const { messageId } = reply;
    this.meter.track(identity.userId, messageId, writerWakes);
    // Relay once the acknowledgement is out (it is sent when this resolves): the client
    // learns the message id before the first chat:token, which can otherwise overtake it.
    setImmediate(() => this.stream(socket, messageId, -1, writerWakes));
    return { chatId: reply.chatId, messageId };
  }

  /** `chat:stop`: chat aborts the answer wherever it is being written; the stream then ends with `chat:done { cancelled }`. */
  stop(identity: Identity, payload: unknown): Promise<{ stopped: boolean }> {
    const { messageId } = parseOrThrow(ChatStopPayloadSchema, payload);
    return this.bus.request(Patterns.chatStop, { userId: identity.userId, messageId });
  }

  /**
   * `chat:feedback`: rates one of the caller's answers (`rating: null` withdraws the rating).
   * Chat checks that the answer is the caller's and has ended; the ack is the answer as stored.
   */
  async feedback(identity: Identity, payload: unknown): Promise<{ message: MessageView }> {
    const message = await this.bus.request(Patterns.chatFeedback, { userId: identity.userId, ...parseOrThrow(ChatFeedbackPayloadSchema, payload) });
    return { message };
  }

  /**
   * `chat:resume`: after a reconnect (to any gateway), replays the answer's events after
   * `lastSeq` from its Redis Stream and continues live. Chat checks that the message is the
   * caller's. Past the stream's TTL nothing is replayed: the stored message is the answer.
   */
  async resume(socket: Socket, identity: Identity, payload: unknown): Promise<{ message: MessageView; replaying: boolean }> {
    const { messageId, lastSeq } = parseOrThrow(ChatResumePayloadSchema, payload);
    const message = await this.bus.request(Patterns.chatMessage, { userId: identity.userId, messageId });
    const inProgress = message.status === 'pending' || message.status === 'streaming';
    const replaying = message.role === 'assistant' && (inProgress || (await this.relay.exists(messageId)));
    if (replaying) this.stream(socket, messageId, lastSeq);
    return { message, replaying };
  }

  /** Follows one answer for this socket; following it again (a resume) replaces the earlier follow. */
  private stream(socket: Socket, messageId: string, afterSeq = -1, writerWakes = false): void {
    const following: Map<string, () => void> = (socket.data.following ??= new Map());
    following.get(messageId)?.();
    const unfollow = this.relay.follow(
      messageId,
      (entry) => {
        if (entry.type === 'token' && entry.seq <= afterSeq) return;
        if (entry.type === 'done' || entry.type === 'error') stop();
        emitEntry(socket, entry);
      },
      '0',
      writerWakes,
    );
    const stop = () => {
      unfollow();
      following.delete(messageId);
      socket.off('disconnect', stop);
    };
    following.set(messageId, stop);
    socket.once('disconnect', stop);
  }
}

/** One stream entry → its socket event (`chat:token`, `chat:sources`, `chat:done`, `chat:error`). */
function emitEntry(socket: Socket, entry: AnswerStreamEntry): void {
  const { type, ...event } = entry;
  socket.emit(SocketEvents[type], event);
}
