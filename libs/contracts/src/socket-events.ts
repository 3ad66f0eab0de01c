import { z } from 'zod';
import { FeedbackRatingSchema, type AnswerMode, type ChatSummary, type Citation, type MessageView, type SmallTalkKind, type SuggestedArticle } from './chat';
import type { ErrorCode } from './errors';

/** socket.io event names between the browser and the gateway. */
export const SocketEvents = {
  send: 'chat:send',
  stop: 'chat:stop',
  resume: 'chat:resume',
  feedback: 'chat:feedback',
  token: 'chat:token',
  sources: 'chat:sources',
  done: 'chat:done',
  error: 'chat:error',
  /** Gateway → every socket of the user (all replicas): a chat was created or renamed. */
  chatUpdated: 'chat:updated',
  /** Gateway → every socket of the user (all replicas): a chat was deleted. */
  chatDeleted: 'chat:deleted',
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

/** Client → gateway `chat:feedback`: rates an answer that has ended (`rating: null` withdraws it). */
export const ChatFeedbackPayloadSchema = z.strictObject({
  messageId: z.string(),
  rating: FeedbackRatingSchema.nullable(),
  comment: z.string().optional(),
});
export type ChatFeedbackPayload = z.infer<typeof ChatFeedbackPayloadSchema>;

export type ChatSendAck = { chatId: string; messageId: string } | { error: { code: ErrorCode; message: string; correlationId?: string } };

/** `chat:stop` acknowledgement: `stopped` is false when the answer had already ended. */
export type ChatStopAck = { stopped: boolean } | { error: { code: ErrorCode; message: string; correlationId?: string } };

/**
 * `chat:resume` acknowledgement. `replaying`: the answer's events after `lastSeq` follow
 * (live until `chat:done`/`chat:error`); false once the replay window (the stream's TTL)
 * has passed, when `message` (as stored) is all there is.
 */
export type ChatResumeAck = { message: MessageView; replaying: boolean } | { error: { code: ErrorCode; message: string; correlationId?: string } };

/** `chat:feedback` acknowledgement: the answer as stored, with its feedback. */
export type ChatFeedbackAck = { message: MessageView } | { error: { code: ErrorCode; message: string; correlationId?: string } };

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
  /** Set when `chat:stop` ended the answer early; the partial text is stored as `cancelled`. */
  cancelled?: true;
  /** Set when the answer says the help center does not cover the question (MessageView.abstained). */
  abstained?: true;
  /** With an abstention: articles on the subject for the customer to pick from (MessageView.suggestedArticles). */
  suggestedArticles?: SuggestedArticle[];
  /** Set on the reply to small talk (MessageView.smallTalk): not an answer from the help center. */
  smallTalk?: SmallTalkKind;
}
export interface ErrorEvent {
  messageId?: string;
  code: ErrorCode;
  message: string;
  correlationId?: string;
  retryAfterMs?: number;
}

/** `chat:updated`: the chat as it is now. */
export interface ChatUpdatedEvent {
  chat: ChatSummary;
}
/** `chat:deleted` */
export interface ChatDeletedEvent {
  chatId: string;
}
