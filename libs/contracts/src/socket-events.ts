import { z } from 'zod';
import type { AnswerMode, Citation } from './chat';
import type { ErrorCode } from './errors';

/** socket.io event names between the browser and the gateway. */
export const SocketEvents = {
  send: 'chat:send',
  token: 'chat:token',
  sources: 'chat:sources',
  done: 'chat:done',
  error: 'chat:error',
} as const;

/** Client → gateway `chat:send`; the acknowledgement is {@link ChatSendAck}. */
export const ChatSendPayloadSchema = z.strictObject({
  chatId: z.string().optional(),
  content: z.string(),
});
export type ChatSendPayload = z.infer<typeof ChatSendPayloadSchema>;

export type ChatSendAck = { chatId: string; messageId: string } | { error: { code: ErrorCode; message: string; correlationId?: string } };

export interface TokenEvent {
  messageId: string;
  seq: number;
  text: string;
}
export interface SourcesEvent {
  messageId: string;
  sources: Citation[];
}
export interface DoneEvent {
  messageId: string;
  mode: AnswerMode;
  usage?: { inputTokens: number; outputTokens: number };
}
export interface ErrorEvent {
  messageId?: string;
  code: ErrorCode;
  message: string;
  correlationId?: string;
  retryAfterMs?: number;
}
