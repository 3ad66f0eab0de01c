import {
  ErrorCode,
  FeedbackRatingSchema,
  SMALL_TALK_KINDS,
  type ChatListResponse,
  type ChatMessagesResponse,
  type ChatReviewResponse,
  type ChatSummary,
  type ErrorBody,
  type MessageView,
  type Same,
  type SearchResponse,
} from '@eloquent/contracts';
import { z } from 'zod';
import { openApiSchema } from './zod-openapi';

/**
 * Response shapes for the OpenAPI document. The contracts declare them as TypeScript
 * types; these mirrors are checked against them at compile time (`Same<>` below), so the
 * document cannot drift from what the handlers return.
 */
const ChatSummaryView = z.object({ id: z.string().uuid(), title: z.string(), createdAt: z.string().datetime(), updatedAt: z.string().datetime() });

const CitationView = z.object({
  n: z.number().int().describe('The [n] marker in the answer text'),
  documentId: z.string(),
  chunkId: z.string(),
  title: z.string(),
  url: z.string().optional(),
  snippet: z.string(),
});

const UsageView = z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() });

const MessageViewSchema = z.object({
  id: z.string().uuid(),
  chatId: z.string().uuid(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  status: z.enum(['pending', 'streaming', 'complete', 'failed', 'cancelled']),
  mode: z.enum(['llm', 'retrieval-only']).optional(),
  citations: z.array(CitationView),
  usage: UsageView.optional(),
  errorCode: z.string().optional(),
  abstained: z.literal(true).optional().describe('The answer says the help center does not cover the question; it has no sources'),
  suggestedArticles: z
    .array(z.object({ documentId: z.string(), title: z.string(), url: z.string().optional() }))
    .optional()
    .describe('With an abstention: up to three articles on the subject, best first, for the customer to pick from (asking a title asks about its article)'),
  suggestionPicked: z
    .string()
    .optional()
    .describe('With an abstention that suggested articles: the documentId of the one the customer asked next (its title as the next question)'),
  saidUnhelpful: z
    .literal(true)
    .optional()
    .describe('Set on an answer the customer said did not help, in the message right after it ("that didn\'t answer my question")'),
  smallTalk: z
    .enum(SMALL_TALK_KINDS)
    .optional()
    .describe(
      'Set on the reply to small talk (a greeting, thanks, a goodbye, an acknowledgement, asking for a person, a message with no words, saying an answer did not help): not an answer from the help center, nothing to rate',
    ),
  feedback: z
    .object({ rating: FeedbackRatingSchema, comment: z.string().optional(), at: z.string().datetime() })
    .optional()
    .describe('The asker’s rating (PUT /v1/messages/{messageId}/feedback or chat:feedback)'),
  createdAt: z.string().datetime(),
});

const ChatListView = z.object({ chats: z.array(ChatSummaryView), nextBefore: z.string().datetime().optional().describe('Pass as `before` for the next page') });
const ChatMessagesView = z.object({
  messages: z.array(MessageViewSchema).describe('Oldest first'),
  nextBefore: z.string().datetime().optional().describe('Pass as `before` for the previous page'),
});

const ReviewView = z.object({
  answers: z.array(z.object({ question: z.string().describe('The question as the customer asked it'), answer: MessageViewSchema })).describe('Newest first'),
  nextBefore: z.string().datetime().optional().describe('Pass as `before` for the next page'),
});

const SearchHitView = z.object({
  chunkId: z.string(),
  documentId: z.string(),
  externalId: z.string(),
  title: z.string(),
  url: z.string().optional(),
  headingPath: z.array(z.string()),
  text: z.string(),
  score: z.number(),
  scores: z.object({ bm25: z.number().optional(), vector: z.number().optional() }),
});
const SearchView = z.object({
  chunks: z.array(SearchHitView),
  legs: z.array(z.enum(['bm25', 'vector'])),
  queryTerms: z
    .array(z.object({ term: z.string(), chunks: z.number(), misspelt: z.array(z.string()).optional() }))
    .optional()
    .describe(
      "The query's analyzed terms and how many chunks contain each (0 = a word the knowledge base never uses); `misspelt`: the query's own terms read as this one by the spelling correction",
    ),
  indexedChunks: z.number().optional(),
  degraded: z.string().optional(),
  timingsMs: z.record(z.string(), z.number()),
});

const ErrorView = z.object({
  error: z.object({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]).describe('Stable error code: switch on it, never on the message'),
    message: z.string(),
    correlationId: z.string().optional().describe('Quote it when reporting a problem: every log line of the request carries it'),
    details: z.unknown().optional(),
  }),
});

const checks: [
  Same<z.infer<typeof ChatSummaryView>, ChatSummary>,
  Same<z.infer<typeof MessageViewSchema>, MessageView>,
  Same<z.infer<typeof ChatListView>, ChatListResponse>,
  Same<z.infer<typeof ChatMessagesView>, ChatMessagesResponse>,
  Same<z.infer<typeof ReviewView>, ChatReviewResponse>,
  Same<z.infer<typeof SearchView>, SearchResponse>,
  Same<z.infer<typeof ErrorView>['error'], ErrorBody>,
] = [true, true, true, true, true, true, true];
void checks;

export const Views = {
  chat: openApiSchema(ChatSummaryView, 'output'),
  chatList: openApiSchema(ChatListView, 'output'),
  message: openApiSchema(MessageViewSchema, 'output'),
  messages: openApiSchema(ChatMessagesView, 'output'),
  review: openApiSchema(ReviewView, 'output'),
  search: openApiSchema(SearchView, 'output'),
  error: openApiSchema(ErrorView, 'output'),
};
