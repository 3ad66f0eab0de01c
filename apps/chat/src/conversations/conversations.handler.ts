import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Patterns, type RequestOf, type ResponseOf } from '@eloquent/contracts';
import { ConversationsService } from './conversations.service';

@Controller()
export class ConversationsHandler {
  constructor(private readonly conversations: ConversationsService) {}

  @MessagePattern(Patterns.chatSend)
  send(@Payload() request: RequestOf<'chat.send'>): Promise<ResponseOf<'chat.send'>> {
    return this.conversations.send(request);
  }

  @MessagePattern(Patterns.chatList)
  list(@Payload() request: RequestOf<'chat.list'>): Promise<ResponseOf<'chat.list'>> {
    return this.conversations.list(request);
  }

  @MessagePattern(Patterns.chatMessages)
  messages(@Payload() request: RequestOf<'chat.messages'>): Promise<ResponseOf<'chat.messages'>> {
    return this.conversations.messages(request);
  }

  @MessagePattern(Patterns.chatCreate)
  create(@Payload() request: RequestOf<'chat.create'>): Promise<ResponseOf<'chat.create'>> {
    return this.conversations.create(request);
  }

  @MessagePattern(Patterns.chatRename)
  rename(@Payload() request: RequestOf<'chat.rename'>): Promise<ResponseOf<'chat.rename'>> {
    return this.conversations.rename(request);
  }

  @MessagePattern(Patterns.chatDelete)
  delete(@Payload() request: RequestOf<'chat.delete'>): Promise<ResponseOf<'chat.delete'>> {
    return this.conversations.delete(request);
  }

  @MessagePattern(Patterns.chatAdopt)
  adopt(@Payload() request: RequestOf<'chat.adopt'>): Promise<ResponseOf<'chat.adopt'>> {
    return this.conversations.adopt(request);
  }

  @MessagePattern(Patterns.chatStop)
  stop(@Payload() request: RequestOf<'chat.stop'>): Promise<ResponseOf<'chat.stop'>> {
    return this.conversations.stop(request);
  }

  @MessagePattern(Patterns.chatMessage)
  message(@Payload() request: RequestOf<'chat.message'>): Promise<ResponseOf<'chat.message'>> {
    return this.conversations.message(request);
  }
}
