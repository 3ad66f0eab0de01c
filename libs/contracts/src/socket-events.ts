import { z } from 'zod';
import type { AnswerMode, Citation } from './chat';
import type { ErrorCode } from './errors';

/** socket.io event names between the browser and the gateway. */
export const SocketEvents = {
  send: 'chat:send',
  stop: 'chat:stop',
  resume: 'chat:resume',
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

/** Client → gateway `chat:stop`: aborts the answer being written. */
export const ChatStopPayloadSchema = z.strictObject({ messageId: z.string() });

/** Client → gateway `chat:resume`: replays the answer's events after `lastSeq` (-1 = all), then continues live. */
export const ChatResumePayloadSchema = z.strictObject({ messageId: z.string(), lastSeq: z.number().int().min(-1).default(-1) });

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
