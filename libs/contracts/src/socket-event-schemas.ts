import { z } from 'zod';
import { FeedbackRatingSchema, SMALL_TALK_KINDS, type ChatSummary, type Citation, type MessageView } from './chat';
import { ErrorCode } from './errors';
import type { Same } from './same-type';
import type { ChatDeletedEvent, ChatUpdatedEvent, DoneEvent, ErrorEvent, SourcesEvent, TokenEvent } from './socket-events';

/**
 * zod schemas of what the gateway sends over the socket, for the AsyncAPI document
 * (asyncapi.ts). The TypeScript interfaces in socket-events.ts stay the types code uses;
 * the `Same` checks below fail to compile if a schema and its interface drift apart.
 */
const ErrorCodeSchema = z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]);

export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  correlationId: z.string().optional(),
});
/** An acknowledgement that failed: `{ error: { code, message, correlationId } }`. */
export const ErrorAckSchema = z.object({ error: ErrorBodySchema });

const Usage = z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() });
const AnswerModeSchema = z.enum(['llm', 'retrieval-only']);

export const CitationSchema = z.object({
  n: z.number().int().describe('The number the answer cites as [n]'),
  documentId: z.string(),
  chunkId: z.string(),
  title: z.string().describe('Untrusted text: render as text'),
  url: z.string().optional().describe('Untrusted: link it only if it is an http(s) URL'),
  snippet: z.string().describe('Untrusted text: render as text'),
});

export const SuggestedArticleSchema = z.object({
  documentId: z.string(),
  title: z.string().describe('Untrusted text: render as text. A question the help center answers: asking it gets the article’s answer'),
  url: z.string().optional().describe('Untrusted: link it only if it is an http(s) URL'),
});
const SmallTalk = z
  .enum(SMALL_TALK_KINDS)
  .optional()
  .describe(
    'Set on the reply to small talk (a greeting, thanks, a goodbye, an acknowledgement, asking for a person, a message with no words, saying an answer did not help): not an answer from the help center',
  );

const SuggestedArticles = z
  .array(SuggestedArticleSchema)
  .optional()
  .describe('With an abstention: up to three articles on the subject that did not clearly answer it, best first, for the customer to pick from');

export const ChatSummarySchema = z.object({ id: z.string(), title: z.string(), createdAt: z.string(), updatedAt: z.string() });

export const MessageViewSchema = z.object({
  id: z.string(),
  chatId: z.string(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  status: z.enum(['pending', 'streaming', 'complete', 'failed', 'cancelled']),
  mode: AnswerModeSchema.optional(),
  citations: z.array(CitationSchema),
  usage: Usage.optional(),
  errorCode: z.string().optional(),
  abstained: z.literal(true).optional().describe('The answer says the help center does not cover the question; it has no sources'),
  suggestedArticles: SuggestedArticles,
  smallTalk: SmallTalk,
  suggestionPicked: z
    .string()
    .optional()
    .describe('With an abstention that suggested articles: the documentId of the one the customer asked next (its title as the next question)'),
  saidUnhelpful: z.literal(true).optional().describe('Set on an answer the customer said did not help, in the message right after it'),
  feedback: z
    .object({ rating: FeedbackRatingSchema, comment: z.string().optional().describe('Untrusted text: render as text'), at: z.string() })
    .optional()
    .describe("The asker's rating (chat:feedback)"),
  createdAt: z.string(),
});

export const TokenEventSchema = z.object({
  messageId: z.string(),
  seq: z.number().int().min(0).describe('0, 1, 2, … per answer; a resume replays after the lastSeq it names'),
  text: z.string(),
});
export const SourcesEventSchema = z.object({ messageId: z.string(), sources: z.array(CitationSchema) });
export const DoneEventSchema = z.object({
  messageId: z.string(),
  mode: AnswerModeSchema.describe('llm: written by the model; retrieval-only: extracted from the help center'),
  usage: Usage.optional(),
  cancelled: z.literal(true).optional(),
  abstained: z.literal(true).optional().describe('The answer says the help center does not cover the question'),
  suggestedArticles: SuggestedArticles,
  smallTalk: SmallTalk,
});
export const ErrorEventSchema = ErrorBodySchema.extend({
  messageId: z.string().optional(),
  retryAfterMs: z.number().int().optional().describe('With RATE_LIMITED'),
});
export const ChatUpdatedEventSchema = z.object({ chat: ChatSummarySchema });
export const ChatDeletedEventSchema = z.object({ chatId: z.string() });

export const ChatSendAckSchema = z.union([z.object({ chatId: z.string(), messageId: z.string() }), ErrorAckSchema]);
export const ChatStopAckSchema = z.union([z.object({ stopped: z.boolean() }), ErrorAckSchema]);
export const ChatFeedbackAckSchema = z.union([z.object({ message: MessageViewSchema }), ErrorAckSchema]);
export const ChatResumeAckSchema = z.union([z.object({ message: MessageViewSchema, replaying: z.boolean() }), ErrorAckSchema]);

// Compile-time: each schema describes exactly its interface.
const checks: [
  Same<z.infer<typeof TokenEventSchema>, TokenEvent>,
  Same<z.infer<typeof SourcesEventSchema>, SourcesEvent>,
  Same<z.infer<typeof DoneEventSchema>, DoneEvent>,
  Same<z.infer<typeof ErrorEventSchema>, ErrorEvent>,
  Same<z.infer<typeof ChatUpdatedEventSchema>, ChatUpdatedEvent>,
  Same<z.infer<typeof ChatDeletedEventSchema>, ChatDeletedEvent>,
  Same<z.infer<typeof CitationSchema>, Citation>,
  Same<z.infer<typeof ChatSummarySchema>, ChatSummary>,
  Same<z.infer<typeof MessageViewSchema>, MessageView>,
] = [true, true, true, true, true, true, true, true, true];
void checks;
