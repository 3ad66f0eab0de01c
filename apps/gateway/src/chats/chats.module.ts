import { Module } from '@nestjs/common';
import { AnswerRelay } from '../answers/answer-relay.service';
import { ChatSocketService } from './chat-socket.service';
import { ChatGateway } from './chat.gateway';
import { ChatsController } from './chats.controller';

@Module({
  controllers: [ChatsController],
  providers: [AnswerRelay, ChatSocketService, ChatGateway],
})
export class ChatsModule {}
