export { Answer, type AnswerCallbacks, type AnswerResult } from './answer';
export { createClient, EloquentClient, type AskOptions, type ClientOptions, type ConnectionStatus } from './client';
export { EloquentError, type ClientErrorCode, type ServerErrorBody } from './errors';
export { Events } from './events';
export type { Page } from './rest';
export type {
  AnswerFeedback,
  AnswerMode,
  ChatListResponse,
  ChatMessagesResponse,
  ChatSummary,
  Citation,
  FeedbackRating,
  MessageView,
  SuggestedArticle,
  TokenEvent,
} from '@eloquent/contracts';
