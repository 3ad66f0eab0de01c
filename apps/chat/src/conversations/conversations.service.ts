import { Injectable } from '@nestjs/common';
import {
  AppError,
  ChatListRequestSchema,
  ChatMessagesRequestSchema,
  ChatSendRequestSchema,
  parseOrThrow,
  type ChatListResponse,
  type ChatMessagesResponse,
  type ChatSendResponse,
  type RequestOf,
} from '@eloquent/contracts';
import { DataSource, LessThan } from 'typeorm';
import { AnswerService } from '../answers/answer.service';
import { ChatEntity } from './chat.entity';
import { MessageEntity } from './message.entity';
import { toChatSummary, toMessageView } from './message-view';

const TITLE_CHARS = 80;

/** Chats and their messages, always scoped to the owner: someone else's chat is "not found". */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly answers: AnswerService,
  ) {}

  /**
   * Stores the user's message and an empty assistant message in one transaction, starts
   * the answer in the background and returns at once: the answer streams separately.
   */
  async send(input: RequestOf<'chat.send'>): Promise<ChatSendResponse> {
    const request = parseOrThrow(ChatSendRequestSchema, input);
    const { chat, userMessage, assistantMessage } = await this.dataSource.transaction(async (tx) => {
      let chat: ChatEntity | null;
      if (request.chatId) {
        chat = await tx.findOne(ChatEntity, { where: { id: request.chatId, ownerId: request.userId } });
        if (!chat) throw new AppError('CHAT_NOT_FOUND', 'Chat not found');
        await tx.update(ChatEntity, { id: chat.id }, { updatedAt: new Date() });
      } else {
        chat = await tx.save(tx.create(ChatEntity, { ownerId: request.userId, title: titleFrom(request.content) }));
      }
      const userMessage = await tx.save(tx.create(MessageEntity, { chatId: chat.id, role: 'user', content: request.content, status: 'complete' }));
      const assistantMessage = await tx.save(tx.create(MessageEntity, { chatId: chat.id, role: 'assistant', content: '', status: 'pending' }));
      return { chat, userMessage, assistantMessage };
    });
    this.answers.start({ chatId: chat.id, messageId: assistantMessage.id, question: request.content, beforeMessageId: userMessage.id });
    return { chatId: chat.id, messageId: assistantMessage.id, userMessageId: userMessage.id };
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
    const owned = await this.dataSource.getRepository(ChatEntity).exists({ where: { id: request.chatId, ownerId: request.userId } });
    if (!owned) throw new AppError('CHAT_NOT_FOUND', 'Chat not found');
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
}

function titleFrom(content: string): string {
  const line = content.trim().split('\n')[0];
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1)}…` : line;
}
