import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@eloquent/bus';
import {
  Patterns,
  ChatIdParamsSchema,
  CreateChatBodySchema,
  FeedbackBodySchema,
  MessageIdParamsSchema,
  PageQuerySchema,
  RenameChatBodySchema,
  SocketEvents,
  type ChatListResponse,
  type ChatMessagesResponse,
  type ChatSummary,
  type FeedbackBody,
  type MessageView,
  type PageQuery,
} from '@eloquent/contracts';
import type { z } from 'zod';
import { ZodValidationPipe } from '../http/zod-validation';
import type { Identity } from '../identity/anonymous-session';
import { CurrentIdentity } from '../identity/identity.decorator';
import { ApiErrors } from '../openapi/api-errors';
import { Views } from '../openapi/views';
import { ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import { UserRooms } from '../sockets/user-rooms';

const uuid = { type: 'string', format: 'uuid' } as const;

/**
 * REST over the caller's own chats. The gateway passes the caller's id; the chat service
 * scopes every query by it, so someone else's chat or message is a 404 like a missing one.
 * Changes are broadcast to the caller's sockets on every replica (`chat:updated`, `chat:deleted`).
 */
@ApiTags('chats')
@ApiBearerAuth('clerk')
@ApiCookieAuth('anonymous')
@Controller('v1')
export class ChatsController {
  constructor(
    private readonly bus: BusClient,
    private readonly rooms: UserRooms,
  ) {}

  @Get('chats')
  @ApiOperation({ summary: 'The caller’s chats, most recently updated first' })
  @ApiZodQuery(PageQuerySchema)
  @ApiResponse({ status: 200, schema: Views.chatList })
  @ApiErrors(400)
  list(@CurrentIdentity() identity: Identity, @Query(new ZodValidationPipe(PageQuerySchema)) page: PageQuery): Promise<ChatListResponse> {
    return this.bus.request(Patterns.chatList, { userId: identity.userId, ...page });
  }

  @Post('chats')
  @ApiOperation({ summary: 'Starts an empty chat (a chat also starts with the first chat:send without chatId)' })
  @ApiZodBody(CreateChatBodySchema)
  @ApiResponse({ status: 201, schema: Views.chat })
  @ApiErrors(400)
  async create(
    @CurrentIdentity() identity: Identity,
    @Body(new ZodValidationPipe(CreateChatBodySchema)) body: z.output<typeof CreateChatBodySchema>,
  ): Promise<ChatSummary> {
    const chat = await this.bus.request(Patterns.chatCreate, { userId: identity.userId, ...(body.title !== undefined ? { title: body.title } : {}) });
    this.rooms.emit(identity.userId, SocketEvents.chatUpdated, { chat });
    return chat;
  }

  @Patch('chats/:chatId')
  @ApiOperation({ summary: 'Renames a chat' })
  @ApiParam({ name: 'chatId', schema: uuid })
  @ApiZodBody(RenameChatBodySchema)
  @ApiResponse({ status: 200, schema: Views.chat })
  @ApiErrors(400, 404)
  async rename(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodValidationPipe(ChatIdParamsSchema)) { chatId }: z.output<typeof ChatIdParamsSchema>,
    @Body(new ZodValidationPipe(RenameChatBodySchema)) { title }: z.output<typeof RenameChatBodySchema>,
  ): Promise<ChatSummary> {
    const chat = await this.bus.request(Patterns.chatRename, { userId: identity.userId, chatId, title });
    this.rooms.emit(identity.userId, SocketEvents.chatUpdated, { chat });
    return chat;
  }

  @Delete('chats/:chatId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a chat and its messages' })
  @ApiParam({ name: 'chatId', schema: uuid })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiErrors(400, 404)
  async delete(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodValidationPipe(ChatIdParamsSchema)) { chatId }: z.output<typeof ChatIdParamsSchema>,
  ): Promise<void> {
    await this.bus.request(Patterns.chatDelete, { userId: identity.userId, chatId });
    this.rooms.emit(identity.userId, SocketEvents.chatDeleted, { chatId });
  }

  @Get('chats/:chatId/messages')
  @ApiOperation({ summary: 'A chat’s messages, a page at a time (newest page first, each page oldest first)' })
  @ApiParam({ name: 'chatId', schema: uuid })
  @ApiZodQuery(PageQuerySchema)
  @ApiResponse({ status: 200, schema: Views.messages })
  @ApiErrors(400, 404)
  messages(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodValidationPipe(ChatIdParamsSchema)) { chatId }: z.output<typeof ChatIdParamsSchema>,
    @Query(new ZodValidationPipe(PageQuerySchema)) page: PageQuery,
  ): Promise<ChatMessagesResponse> {
    return this.bus.request(Patterns.chatMessages, { userId: identity.userId, chatId, ...page });
  }

  @Get('messages/:messageId')
  @ApiOperation({ summary: 'One message as stored (e.g. an answer after its replay window passed)' })
  @ApiParam({ name: 'messageId', schema: uuid })
  @ApiResponse({ status: 200, schema: Views.message })
  @ApiErrors(400, 404)
  message(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodValidationPipe(MessageIdParamsSchema)) { messageId }: z.output<typeof MessageIdParamsSchema>,
  ): Promise<MessageView> {
    return this.bus.request(Patterns.chatMessage, { userId: identity.userId, messageId });
  }

  @Put('messages/:messageId/feedback')
  @ApiOperation({
    summary: 'Rates one of the caller’s answers once it has ended (up or down, optional comment); a later rating replaces it, `rating: null` withdraws it',
  })
  @ApiParam({ name: 'messageId', schema: uuid })
  @ApiZodBody(FeedbackBodySchema)
  @ApiResponse({ status: 200, description: 'The answer as stored, with its `feedback`', schema: Views.message })
  @ApiErrors(400, 404, 409)
  feedback(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodValidationPipe(MessageIdParamsSchema)) { messageId }: z.output<typeof MessageIdParamsSchema>,
    @Body(new ZodValidationPipe(FeedbackBodySchema)) body: FeedbackBody,
  ): Promise<MessageView> {
    return this.bus.request(Patterns.chatFeedback, { userId: identity.userId, messageId, ...body });
  }
}
