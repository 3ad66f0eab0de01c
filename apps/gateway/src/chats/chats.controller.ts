import { Controller, Get, Param, Query } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import type { ChatListResponse, ChatMessagesResponse } from '@eloquent/contracts';
import type { Identity } from '../identity/anonymous-session';
import { CurrentIdentity } from '../identity/identity.decorator';

/** REST over the caller's own chats; the chat service enforces ownership (404 otherwise). */
@Controller('v1/chats')
export class ChatsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  list(@CurrentIdentity() identity: Identity, @Query('limit') limit?: string, @Query('before') before?: string): Promise<ChatListResponse> {
    return this.bus.request('chat.list', { userId: identity.userId, ...page(limit, before) });
  }

  @Get(':chatId/messages')
  messages(
    @CurrentIdentity() identity: Identity,
    @Param('chatId') chatId: string,
    @Query('limit') limit?: string,
    @Query('before') before?: string,
  ): Promise<ChatMessagesResponse> {
    return this.bus.request('chat.messages', { userId: identity.userId, chatId, ...page(limit, before) });
  }
}

/** Query strings are strings; the chat service validates the numbers and dates. */
function page(limit?: string, before?: string): { limit?: number; before?: string } {
  return { ...(limit !== undefined ? { limit: Number(limit) } : {}), ...(before !== undefined ? { before } : {}) };
}
