import { Module } from '@nestjs/common';
import { AnswerRelay } from '../answers/answer-relay.service';
import { OutputTokenMeter } from '../rate-limits/output-token-meter';
import { ChatSocketService } from './chat-socket.service';
import { ChatGateway } from './chat.gateway';
import { ChatsController } from './chats.controller';

@Module({
  controllers: [ChatsController],
  providers: [AnswerRelay, OutputTokenMeter, ChatSocketService, ChatGateway],
})
export class ChatsModule {}
