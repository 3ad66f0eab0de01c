import { z } from 'zod';
import { storableText } from './safe-text';

/** Longest user message accepted (characters). Larger ones get PAYLOAD_TOO_LARGE. */
export const MAX_MESSAGE_CHARS = 4000;

const Id = z.string().uuid();
const UserId = storableText(z.string()).min(1).max(256);
const Limit = z.number().int().min(1).max(100).default(20);

export const ChatSendRequestSchema = z.strictObject({
  userId: UserId,
  chatId: Id.optional(),
  content: storableText(z.string()).trim().min(1, 'content must not be empty').max(MAX_MESSAGE_CHARS, `content is longer than ${MAX_MESSAGE_CHARS} characters`),
  /** The gateway relay that will follow the answer: its writer wakes it (relayWakeKey). */
  relay: Id.optional(),
});
export type ChatSendRequest = z.infer<typeof ChatSendRequestSchema>;

export interface ChatSendResponse {
  chatId: string;
  /** The assistant message that is about to stream. */
  messageId: string;
  userMessageId: string;
}

export const ChatListRequestSchema = z.strictObject({
  userId: UserId,
  limit: Limit,
  /** ISO timestamp: return chats updated before it (for paging). */
  before: z.string().datetime().optional(),
});
export type ChatListRequest = z.infer<typeof ChatListRequestSchema>;

export interface ChatSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}
export interface ChatListResponse {
  chats: ChatSummary[];
  nextBefore?: string;
}

export const ChatMessagesRequestSchema = z.strictObject({
  userId: UserId,
  chatId: Id,
  limit: Limit,
  /** ISO timestamp: return messages created before it (for paging back). */
  before: z.string().datetime().optional(),
});
export type ChatMessagesRequest = z.infer<typeof ChatMessagesRequestSchema>;

export type MessageRole = 'user' | 'assistant';
export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'failed' | 'cancelled';
export type AnswerMode = 'llm' | 'retrieval-only';

export interface Citation {
  n: number;
  documentId: string;
  chunkId: string;
  title: string;
  url?: string;
  snippet: string;
}

export interface MessageView {
  id: string;
  chatId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  mode?: AnswerMode;
  citations: Citation[];
  usage?: { inputTokens: number; outputTokens: number };
  errorCode?: string;
  createdAt: string;
}
export interface ChatMessagesResponse {
  messages: MessageView[];
  nextBefore?: string;
}

const Title = storableText(z.string()).trim().min(1, 'title must not be empty').max(200, 'title is longer than 200 characters');

export const ChatCreateRequestSchema = z.strictObject({ userId: UserId, title: Title.optional() });
export type ChatCreateRequest = z.infer<typeof ChatCreateRequestSchema>;

export const ChatRenameRequestSchema = z.strictObject({ userId: UserId, chatId: Id, title: Title });
export type ChatRenameRequest = z.infer<typeof ChatRenameRequestSchema>;

export const ChatDeleteRequestSchema = z.strictObject({ userId: UserId, chatId: Id });
export type ChatDeleteRequest = z.infer<typeof ChatDeleteRequestSchema>;

/** Moves an anonymous visitor's chats to the account they signed in to (once). */
export const ChatAdoptRequestSchema = z.strictObject({ fromUserId: UserId, toUserId: UserId });
export type ChatAdoptRequest = z.infer<typeof ChatAdoptRequestSchema>;

/** Stops an answer that is streaming; the message is stored `cancelled` with its partial text. */
export const ChatStopRequestSchema = z.strictObject({ userId: UserId, messageId: Id });
export type ChatStopRequest = z.infer<typeof ChatStopRequestSchema>;

/** Looks up one of the caller's messages (e.g. before replaying its stream on resume). */
export const ChatMessageRequestSchema = z.strictObject({ userId: UserId, messageId: Id });
export type ChatMessageRequest = z.infer<typeof ChatMessageRequestSchema>;
