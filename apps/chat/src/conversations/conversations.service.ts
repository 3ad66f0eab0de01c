import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import {
  AppError,
  ChatAdoptRequestSchema,
  ChatCreateRequestSchema,
  ChatDeleteRequestSchema,
  ChatListRequestSchema,
  ChatMessageRequestSchema,
  ChatMessagesRequestSchema,
  ChatRenameRequestSchema,
  ChatSendRequestSchema,
  ChatStopRequestSchema,
  parseOrThrow,
  type ChatListResponse,
  type ChatMessagesResponse,
  type ChatSendResponse,
  type ChatSummary,
  type MessageView,
  type RequestOf,
  type ResponseOf,
} from '@eloquent/contracts';
import { preparedQuery } from '@eloquent/runtime';
import { DataSource, In, LessThan, type EntityManager } from 'typeorm';
import { AnswerService } from '../answers/answer.service';
import { historyReadLimit, type StoredTurn } from '../answers/history';
import type { ChatConfig } from '../config';
import { AdoptionEntity } from './adoption.entity';
import { ChatEntity } from './chat.entity';
import { MessageEntity } from './message.entity';
import { toChatSummary, toMessageView } from './message-view';
import { findOwnedMessage } from './owned-message';

const TITLE_CHARS = 80;
const DEFAULT_TITLE = 'New chat';
const ANONYMOUS_PREFIX = 'anon:';
const IN_PROGRESS = ['pending', 'streaming'] as const;

/**
 * The question and its answer, inserted after the chat row. The answer's
 * `created_at` is the question's plus 1 µs, so the two always sort in order (the
 * sub-statements of one WITH run in no guaranteed order). The answer is stored `streaming`:
 * it starts as soon as this returns, so a separate pending → streaming write would be one
 * more statement per answer for no state anyone can see (docs/chat.md, message lifecycle).
 */
const INSERT_EXCHANGE = `
  question AS (
    INSERT INTO chat.messages (chat_id, role, content, status) SELECT id, 'user', $3, 'complete' FROM chat
    RETURNING id, chat_id, created_at),
  answer AS (
    INSERT INTO chat.messages (chat_id, role, content, status, created_at)
    SELECT chat_id, 'assistant', '', 'streaming', created_at + interval '1 microsecond' FROM question
    RETURNING id)`;
const EXCHANGE_IDS = `question.chat_id, question.id AS question_id, question.created_at AS asked_at, answer.id AS answer_id`;
/** $1 owner, $2 title, $3 question. A new chat has no history. */
const START_CHAT = `WITH chat AS (INSERT INTO chat.chats (owner_id, title) VALUES ($1, $2) RETURNING id), ${INSERT_EXCHANGE}
  SELECT ${EXCHANGE_IDS}, '[]'::json AS earlier FROM question, answer`;
/**
 * $1 chat, $2 owner (nothing is inserted for someone else's chat), $3 question, $4 how many
 * earlier messages to read. The history the answer needs is read by the same statement (one
 * round trip fewer before the first token, docs/performance.md §5): its newest `$4` messages
 * before the question, oldest first. All parts of one WITH statement see the same snapshot, so
 * the read never sees the rows this statement inserts (PostgreSQL docs, "Data-Modifying
 * Statements in WITH"); `created_at <` keeps a question sent meanwhile from another tab out,
 * as a read after the insert did. Each message's id and suggested articles come along, so the
 * suggestion a question picks is found without another read (docs/chat.md, "Suggested articles").
 */
const CONTINUE_CHAT = `WITH chat AS (UPDATE chat.chats SET updated_at = now() WHERE id = $1 AND owner_id = $2 RETURNING id), ${INSERT_EXCHANGE}
  SELECT ${EXCHANGE_IDS}, (
    SELECT coalesce(json_agg(json_build_object('id', m.id, 'role', m.role, 'content', m.content, 'status', m.status, 'suggestedArticles', m.suggested_articles) ORDER BY m.created_at), '[]'::json)
    FROM (SELECT id, role, content, status, suggested_articles, created_at FROM chat.messages
          WHERE chat_id = question.chat_id AND created_at < question.created_at ORDER BY created_at DESC LIMIT $4) m
  ) AS earlier FROM question, answer`;

interface StoredExchange {
  chat_id: string;
  question_id: string;
  asked_at: Date;
  answer_id: string;
  /** The chat's messages before the question (within the history window), oldest first. */
  earlier: StoredTurn[];
}

/** Chats and their messages, always scoped to the owner: someone else's chat is "not found". */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly answers: AnswerService,
    @Inject(APP_CONFIG) private readonly config: ChatConfig,
  ) {}

  /**
   * Stores the user's message and an empty assistant message — and the chat, for a first
   * message — in one statement (atomic, one database round trip: it is on the path to the
   * first token), which also reads the conversation before the question, starts the answer in the background and returns at once: the answer
   * streams separately. The question is stored before anything can fail, so it is never lost.
   * The knowledge-base search starts before the insert, so the two overlap; the answer
   * itself (and so anything the user sees) only starts once the question is stored.
   */
  async send(input: RequestOf<'chat.send'>): Promise<ChatSendResponse> {
    const request = parseOrThrow(ChatSendRequestSchema, input);
    const search = this.answers.startSearch(request.content, !request.chatId);
    const rows = await preparedQuery<StoredExchange>(
      this.dataSource,
      request.chatId ? 'chat-continue-with-history' : 'chat-start',
      request.chatId ? CONTINUE_CHAT : START_CHAT,
      request.chatId
        ? [request.chatId, request.userId, request.content, historyReadLimit(this.config.HISTORY_MESSAGES)]
        : [request.userId, titleFrom(request.content), request.content],
    );
    if (rows.length === 0) throw new AppError('CHAT_NOT_FOUND', 'Chat not found');
    const [{ chat_id: chatId, question_id: userMessageId, answer_id: messageId, earlier }] = rows;
    this.answers.start({ chatId, messageId, question: request.content, earlier, search, ...(request.relay ? { relay: request.relay } : {}) });
    return { chatId, messageId, userMessageId };
  }

  async list(input: RequestOf<'chat.list'>): Promise<ChatListResponse> {
    const request = parseOrThrow(ChatListRequestSchema, input);
    const chats = await this.dataSource.getRepository(ChatEntity).find({
      where: { ownerId: request.userId, ...(request.before ? { updatedAt: LessThan(new Date(request.before)) } : {}) },
      order: { updatedAt: 'DESC' },
      take: request.limit + 1,
    });
    const page = chats.slice(0, request.limit);
    return { chats: page.map(toChatSummary), ...(chats.length > request.limit ? { nextBefore: page[page.length - 1].updatedAt.toISOString() } : {}) };
  }

  async messages(input: RequestOf<'chat.messages'>): Promise<ChatMessagesResponse> {
    const request = parseOrThrow(ChatMessagesRequestSchema, input);
    await this.ownedChat(this.dataSource.manager, request.userId, request.chatId);
    // Newest first for paging back, returned oldest first for display.
    const messages = await this.dataSource.getRepository(MessageEntity).find({
      where: { chatId: request.chatId, ...(request.before ? { createdAt: LessThan(new Date(request.before)) } : {}) },
      order: { createdAt: 'DESC' },
      take: request.limit + 1,
    });
    const page = messages.slice(0, request.limit);
    return {
      messages: page.reverse().map(toMessageView),
      ...(messages.length > request.limit ? { nextBefore: page[0].createdAt.toISOString() } : {}),
    };
  }

  /** An empty chat (the first message can also create one: `chat.send` without `chatId`). */
  async create(input: RequestOf<'chat.create'>): Promise<ChatSummary> {
    const request = parseOrThrow(ChatCreateRequestSchema, input);
    const chats = this.dataSource.getRepository(ChatEntity);
    return toChatSummary(await chats.save(chats.create({ ownerId: request.userId, title: request.title ?? DEFAULT_TITLE })));
  }

  async rename(input: RequestOf<'chat.rename'>): Promise<ChatSummary> {
    const request = parseOrThrow(ChatRenameRequestSchema, input);
    return this.dataSource.transaction(async (tx) => {
      const chat = await this.ownedChat(tx, request.userId, request.chatId);
      chat.title = request.title;
      return toChatSummary(await tx.save(chat));
    });
  }

  /** Deletes the chat and its messages; answers still being written are stopped first. */
  async delete(input: RequestOf<'chat.delete'>): Promise<ResponseOf<'chat.delete'>> {
    const request = parseOrThrow(ChatDeleteRequestSchema, input);
    const inProgress = await this.dataSource.transaction(async (tx) => {
      await this.ownedChat(tx, request.userId, request.chatId);
      const answering = await tx.find(MessageEntity, { select: { id: true }, where: { chatId: request.chatId, status: In([...IN_PROGRESS]) } });
      await tx.delete(ChatEntity, { id: request.chatId });
      return answering.map((m) => m.id);
    });
    await Promise.all(inProgress.map((id) => this.answers.stop(id)));
    return { deleted: true };
  }

  /**
   * Moves every chat of an anonymous visitor to the account they signed in to. Once per
   * anonymous id: a second call (another account, or a replay) moves nothing, so a leaked
   * anonymous cookie cannot hand its chats to a second account. The adoption row is
   * inserted first, so of two concurrent calls the second waits on it and moves nothing.
   */
  async adopt(input: RequestOf<'chat.adopt'>): Promise<ResponseOf<'chat.adopt'>> {
    const request = parseOrThrow(ChatAdoptRequestSchema, input);
    if (!request.fromUserId.startsWith(ANONYMOUS_PREFIX)) throw new AppError('VALIDATION_FAILED', 'Only an anonymous visitor’s chats can be adopted');
    if (request.toUserId.startsWith(ANONYMOUS_PREFIX)) throw new AppError('VALIDATION_FAILED', 'Chats can only be adopted by a signed-in user');
    return this.dataSource.transaction(async (tx) => {
      const claimed = await tx
        .createQueryBuilder()
        .insert()
        .into(AdoptionEntity)
        .values({ fromOwnerId: request.fromUserId, toOwnerId: request.toUserId, moved: 0 })
        .orIgnore()
        .returning(['fromOwnerId'])
        .execute();
      if (claimed.raw.length === 0) return { moved: 0 };
      const result = await tx.update(ChatEntity, { ownerId: request.fromUserId }, { ownerId: request.toUserId });
      const moved = result.affected ?? 0;
      await tx.update(AdoptionEntity, { fromOwnerId: request.fromUserId }, { moved });
      return { moved };
    });
  }

  /** `chat:stop`: `stopped` is false when the answer had already ended. */
  async stop(input: RequestOf<'chat.stop'>): Promise<ResponseOf<'chat.stop'>> {
    const request = parseOrThrow(ChatStopRequestSchema, input);
    const message = await findOwnedMessage(this.dataSource, request.userId, request.messageId);
    if (message.role !== 'assistant' || !(IN_PROGRESS as readonly string[]).includes(message.status)) return { stopped: false };
    await this.answers.stop(message.id);
    return { stopped: true };
  }

  /** One of the caller's messages (the gateway checks ownership with it before replaying a stream). */
  async message(input: RequestOf<'chat.message'>): Promise<MessageView> {
    const request = parseOrThrow(ChatMessageRequestSchema, input);
    return toMessageView(await findOwnedMessage(this.dataSource, request.userId, request.messageId));
  }

  private async ownedChat(manager: EntityManager, userId: string, chatId: string): Promise<ChatEntity> {
    const chat = await manager.findOne(ChatEntity, { where: { id: chatId, ownerId: userId } });
    if (!chat) throw new AppError('CHAT_NOT_FOUND', 'Chat not found');
    return chat;
  }
}

function titleFrom(content: string): string {
  const line = content.trim().split('\n')[0];
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1)}…` : line;
}
