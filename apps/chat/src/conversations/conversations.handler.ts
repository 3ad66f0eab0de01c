import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Patterns, type ChatListResponse, type ChatMessagesResponse, type ChatSendResponse, type RequestOf } from '@eloquent/contracts';
import { ConversationsService } from './conversations.service';

@Controller()
export class ConversationsHandler {
  constructor(private readonly conversations: ConversationsService) {}

  @MessagePattern(Patterns.chatSend)
  send(@Payload() request: RequestOf<'chat.send'>): Promise<ChatSendResponse> {
    return this.conversations.send(request);
  }

  @MessagePattern(Patterns.chatList)
  list(@Payload() request: RequestOf<'chat.list'>): Promise<ChatListResponse> {
    return this.conversations.list(request);
  }

  @MessagePattern(Patterns.chatMessages)
  messages(@Payload() request: RequestOf<'chat.messages'>): Promise<ChatMessagesResponse> {
    return this.conversations.messages(request);
  }
}
