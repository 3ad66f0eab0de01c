import { z } from 'zod';

/** Longest user message accepted (characters). Larger ones get PAYLOAD_TOO_LARGE. */
export const MAX_MESSAGE_CHARS = 4000;

const Id = z.string().uuid();
const UserId = z.string().min(1).max(256);
const Limit = z.number().int().min(1).max(100).default(20);

export const ChatSendRequestSchema = z.strictObject({
  userId: UserId,
  chatId: Id.optional(),
  content: z.string().trim().min(1, 'content must not be empty').max(MAX_MESSAGE_CHARS, `content is longer than ${MAX_MESSAGE_CHARS} characters`),
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
