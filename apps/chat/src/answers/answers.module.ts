import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { ChatConfig } from '../config';
import { createGenerators, GENERATORS } from '../generation/generators';
import { Synonyms } from '../relevance/synonyms';
import { WordNet } from '../relevance/wordnet';
import { AnswerContextBuilder } from './answer-context.builder';
import { AnswerService } from './answer.service';
import { OrphanedAnswerSweeper } from './orphaned-answer.sweeper';

@Module({
  providers: [
    AnswerService,
    AnswerContextBuilder,
    OrphanedAnswerSweeper,
    { provide: GENERATORS, inject: [APP_CONFIG], useFactory: (config: ChatConfig) => createGenerators(config) },
    // Read once at boot: a missing or malformed file stops the service with its line number.
    {
      provide: Synonyms,
      inject: [APP_CONFIG],
      useFactory: (config: ChatConfig) => Synonyms.load(config.SYNONYMS_FILE).withLexicon(config.GENERAL_SYNONYMS === 'wordnet' ? WordNet.load() : undefined),
    },
  ],
  exports: [AnswerService, GENERATORS],
})
export class AnswersModule {}
