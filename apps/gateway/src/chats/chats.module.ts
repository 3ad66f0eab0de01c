import { Module } from '@nestjs/common';
import { AnswersModule } from '../answers/answers.module';
import { RateLimitsModule } from '../rate-limits/rate-limits.module';
import { SocketsModule } from '../sockets/sockets.module';
import { ChatSocketService } from './chat-socket.service';
import { ChatGateway } from './chat.gateway';
import { ChatsController } from './chats.controller';

@Module({
  imports: [AnswersModule, RateLimitsModule, SocketsModule],
  controllers: [ChatsController],
  providers: [ChatSocketService, ChatGateway],
})
export class ChatsModule {}
