import { z } from 'zod';
import { ChatCreateRequestSchema, ChatFeedbackRequestSchema, ChatRenameRequestSchema, ChatReviewRequestSchema } from './chat';
import { SearchRequestSchema } from './retrieval';

/**
 * Bodies, path and query parameters of the gateway's public REST API. Strict: an unknown
 * field is a 400 VALIDATION_FAILED, never silently kept. The caller's identity is never
 * part of a body: the gateway takes it from the session.
 */
export const ChatIdParamsSchema = z.strictObject({ chatId: z.string().uuid('chatId must be a UUID') });
export const MessageIdParamsSchema = z.strictObject({ messageId: z.string().uuid('messageId must be a UUID') });

export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  /** ISO timestamp from the previous page's `nextBefore`. */
  before: z.string().datetime().optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export const CreateChatBodySchema = z.strictObject({ title: ChatCreateRequestSchema.shape.title });
export const RenameChatBodySchema = z.strictObject({ title: ChatRenameRequestSchema.shape.title });

/** `PUT /v1/messages/:messageId/feedback`: rates one of the caller's answers; `rating: null` withdraws it. */
export const FeedbackBodySchema = z.strictObject({ rating: ChatFeedbackRequestSchema.shape.rating, comment: ChatFeedbackRequestSchema.shape.comment });
export type FeedbackBody = z.infer<typeof FeedbackBodySchema>;

/** Admin `GET /v1/answers/review`: abstained, disliked or picked answers, newest first, a page at a time. */
export const ReviewQuerySchema = PageQuerySchema.extend({ filter: ChatReviewRequestSchema.shape.filter });
export type ReviewQuery = z.infer<typeof ReviewQuerySchema>;

/** Admin search (debugging retrieval): the retrieval request as is. */
export const SearchBodySchema = SearchRequestSchema;
