import { Injectable } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { ChatSendPayloadSchema, parseOrThrow, SocketEvents, type AnswerStreamEntry } from '@eloquent/contracts';
import type { Socket } from 'socket.io';
import { AnswerRelay } from '../answers/answer-relay.service';
import type { Identity } from '../identity/anonymous-session';

/** What the socket events do; the gateway class only routes events here. */
@Injectable()
export class ChatSocketService {
  constructor(
    private readonly bus: BusClient,
    private readonly relay: AnswerRelay,
  ) {}

  /** `chat:send`: stores the question via chat, then streams the answer to this socket. */
  async send(socket: Socket, identity: Identity, payload: unknown): Promise<{ chatId: string; messageId: string }> {
    const { chatId, content } = parseOrThrow(ChatSendPayloadSchema, payload);
    const reply = await this.bus.request('chat.send', { userId: identity.userId, content, ...(chatId !== undefined ? { chatId } : {}) });
    this.stream(socket, reply.messageId);
    return { chatId: reply.chatId, messageId: reply.messageId };
  }

  private stream(socket: Socket, messageId: string): void {
    const stop = this.relay.follow(messageId, (entry) => emitEntry(socket, entry));
    socket.once('disconnect', stop);
  }
}

/** One stream entry → its socket event (`chat:token`, `chat:sources`, `chat:done`, `chat:error`). */
function emitEntry(socket: Socket, entry: AnswerStreamEntry): void {
  const { type, ...event } = entry;
  socket.emit(SocketEvents[type], event);
}
