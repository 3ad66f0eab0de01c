import { Module } from '@nestjs/common';
import { AnswersModule } from '../answers/answers.module';
import { ChatSocketService } from './chat-socket.service';
import { ChatGateway } from './chat.gateway';
import { ChatsController } from './chats.controller';

@Module({
  imports: [AnswersModule],
  controllers: [ChatsController],
  providers: [ChatSocketService, ChatGateway],
})
export class ChatsModule {}
