import { Module } from '@nestjs/common';
import { AnswersModule } from '../answers/answers.module';
import { ConversationsHandler } from './conversations.handler';
import { ConversationsService } from './conversations.service';

@Module({
  imports: [AnswersModule],
  controllers: [ConversationsHandler],
  providers: [ConversationsService],
})
export class ConversationsModule {}
