import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { ChatConfig } from '../config';
import { createGenerators, GENERATORS } from '../generation/generators';
import { AnswerContextBuilder } from './answer-context';
import { AnswerService } from './answer.service';
import { OrphanedAnswerSweeper } from './orphaned-answer.sweeper';

@Module({
  providers: [
    AnswerService,
    AnswerContextBuilder,
    OrphanedAnswerSweeper,
    { provide: GENERATORS, inject: [APP_CONFIG], useFactory: (config: ChatConfig) => createGenerators(config) },
  ],
  exports: [AnswerService, GENERATORS],
})
export class AnswersModule {}
