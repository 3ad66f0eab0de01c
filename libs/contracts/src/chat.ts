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

/**
 * What a message that was not a question was (docs/chat.md, "Small talk"): its reply is a
 * short one of its own, not an answer from the help center. `unclear`: a message with no
 * words ("???", "🤷"). `dissatisfied`: the customer says an answer did not help ("that didn't
 * answer my question", "wrong answer").
 */
export const SMALL_TALK_KINDS = ['greeting', 'thanks', 'goodbye', 'acknowledgement', 'person', 'unclear', 'dissatisfied'] as const;
export type SmallTalkKind = (typeof SMALL_TALK_KINDS)[number];

export interface Citation {
  n: number;
  documentId: string;
  chunkId: string;
  title: string;
  url?: string;
  snippet: string;
}

/**
 * An article offered with an abstention: retrieval found it on the subject of the question,
 * but not clearly the answer (docs/chat.md, "Suggested articles"). Its title is a question the
 * help center answers, so asking it gets the article's answer.
 */
export interface SuggestedArticle {
  documentId: string;
  title: string;
  url?: string;
}

/** A customer's rating of one answer (`chat.feedback`). */
export const FeedbackRatingSchema = z.enum(['up', 'down']);
export type FeedbackRating = z.infer<typeof FeedbackRatingSchema>;
export interface AnswerFeedback {
  rating: FeedbackRating;
  comment?: string;
  /** ISO timestamp of the latest rating. */
  at: string;
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
  /**
   * Set on an answer that said the help center does not cover the question (the coverage
   * decision, or Claude's no-answer marker): its text is the abstention, with no sources.
   */
  abstained?: true;
  /** With an abstention: up to three articles on the subject, best first, for the customer to pick from. */
  suggestedArticles?: SuggestedArticle[];
  /** Set on the reply to small talk ("hi", "thanks", "can I talk to a person?"): not an answer from the help center, so nothing to rate. */
  smallTalk?: SmallTalkKind;
  /**
   * With an abstention that suggested articles: the document id of the one the customer asked
   * next (docs/chat.md, "Suggested articles", Picks): the article the refused question wanted.
   */
  suggestionPicked?: string;
  /**
   * Set on an answer the customer said did not help, in the message right after it ("that
   * didn't answer my question": small talk of kind `dissatisfied`; docs/chat.md, "Reviewing answers").
   */
  saidUnhelpful?: true;
  /** The asker's rating of this answer, if they gave one. */
  feedback?: AnswerFeedback;
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

/** Longest feedback comment accepted (characters). */
export const MAX_FEEDBACK_COMMENT_CHARS = 2000;

/**
 * The asker rates one of their answers once it has ended; a later rating replaces it and
 * `rating: null` withdraws it. An answer still streaming gets ANSWER_IN_PROGRESS.
 */
export const ChatFeedbackRequestSchema = z.strictObject({
  userId: UserId,
  messageId: Id,
  rating: FeedbackRatingSchema.nullable(),
  comment: storableText(z.string()).trim().max(MAX_FEEDBACK_COMMENT_CHARS, `comment is longer than ${MAX_FEEDBACK_COMMENT_CHARS} characters`).optional(),
});
export type ChatFeedbackRequest = z.infer<typeof ChatFeedbackRequestSchema>;

/**
 * Admin: the answers a team should look at, newest first — `abstained` (the bot said the help
 * center does not cover the question), `disliked` (rated down), `picked` (abstained, then the
 * customer picked a suggested article: a question the help center did cover) or `unhelpful`
 * (the customer said right after it that it did not help) — each with the
 * question it answered, so wrongly refused questions can be found and the knowledge base fixed.
 */
export const ChatReviewRequestSchema = z.strictObject({
  filter: z.enum(['abstained', 'disliked', 'picked', 'unhelpful']),
  limit: Limit,
  /** ISO timestamp: answers created before it (for paging). */
  before: z.string().datetime().optional(),
});
export type ChatReviewRequest = z.infer<typeof ChatReviewRequestSchema>;

export interface ReviewedAnswer {
  /** The question as the customer asked it (the user message before the answer). */
  question: string;
  answer: MessageView;
}
export interface ChatReviewResponse {
  answers: ReviewedAnswer[];
  nextBefore?: string;
}
