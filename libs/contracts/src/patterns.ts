import type {
  ChatAdoptRequest,
  ChatCreateRequest,
  ChatFeedbackRequest,
  ChatReviewRequest,
  ChatReviewResponse,
  ChatDeleteRequest,
  ChatMessageRequest,
  ChatRenameRequest,
  ChatStopRequest,
  ChatSummary,
  MessageView,
  ChatListRequest,
  ChatListResponse,
  ChatMessagesRequest,
  ChatMessagesResponse,
  ChatSendRequest,
  ChatSendResponse,
} from './chat';
import type { EmbeddingInfo, EmbeddingInfoRequest, EmbedRequest, EmbedResponse } from './embedding';
import type {
  DeleteDocumentRequest,
  EnqueueRequest,
  EnqueueResponse,
  IngestJobRequest,
  IngestJobView,
  IngestRequest,
  IngestResponse,
  ListDocumentsRequest,
  ListDocumentsResponse,
  SearchRequest,
  SearchResponse,
  StatsResponse,
} from './retrieval';

/** Bus message patterns, named `<service>.<verb>`; the service part routes the request. */
export const Patterns = {
  chatSend: 'chat.send',
  chatList: 'chat.list',
  chatMessages: 'chat.messages',
  chatCreate: 'chat.create',
  chatRename: 'chat.rename',
  chatDelete: 'chat.delete',
  chatAdopt: 'chat.adopt',
  chatStop: 'chat.stop',
  chatMessage: 'chat.message',
  chatFeedback: 'chat.feedback',
  chatReview: 'chat.review',
  retrievalSearch: 'retrieval.search',
  retrievalIngest: 'retrieval.ingest',
  retrievalStats: 'retrieval.stats',
  retrievalDelete: 'retrieval.delete',
  retrievalEnqueue: 'retrieval.enqueue',
  retrievalJob: 'retrieval.job',
  retrievalList: 'retrieval.list',
  embeddingEmbed: 'embedding.embed',
  embeddingInfo: 'embedding.info',
} as const;

/** Request and response type of every pattern, so bus calls are type-checked end to end. */
export interface PatternMap {
  'chat.send': [ChatSendRequest, ChatSendResponse];
  'chat.list': [Partial<ChatListRequest> & { userId: string }, ChatListResponse];
  'chat.messages': [Partial<ChatMessagesRequest> & { userId: string; chatId: string }, ChatMessagesResponse];
  'chat.create': [ChatCreateRequest, ChatSummary];
  'chat.rename': [ChatRenameRequest, ChatSummary];
  'chat.delete': [ChatDeleteRequest, { deleted: true }];
  'chat.adopt': [ChatAdoptRequest, { moved: number }];
  'chat.stop': [ChatStopRequest, { stopped: boolean }];
  'chat.message': [ChatMessageRequest, MessageView];
  'chat.feedback': [ChatFeedbackRequest, MessageView];
  'chat.review': [Partial<ChatReviewRequest> & { filter: ChatReviewRequest['filter'] }, ChatReviewResponse];
  'retrieval.search': [SearchRequest, SearchResponse];
  'retrieval.ingest': [IngestRequest, IngestResponse];
  'retrieval.stats': [{ namespace?: string }, StatsResponse];
  'retrieval.delete': [DeleteDocumentRequest, { deleted: true }];
  'retrieval.enqueue': [EnqueueRequest, EnqueueResponse];
  'retrieval.job': [IngestJobRequest, IngestJobView];
  'retrieval.list': [ListDocumentsRequest, ListDocumentsResponse];
  'embedding.embed': [EmbedRequest, EmbedResponse];
  'embedding.info': [EmbeddingInfoRequest, EmbeddingInfo];
}
export type Pattern = keyof PatternMap;
export type RequestOf<P extends Pattern> = PatternMap[P][0];
export type ResponseOf<P extends Pattern> = PatternMap[P][1];

/** The service that serves a pattern: the part before the first dot. */
export function serviceOf(pattern: string): string {
  return pattern.slice(0, pattern.indexOf('.'));
}
