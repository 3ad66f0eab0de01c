import { Module } from '@nestjs/common';
import { AnswerRelay } from './answer-relay';

/** One relay per replica: every follower of an answer stream shares its single XREAD (docs/architecture.md §3). */
@Module({ providers: [AnswerRelay], exports: [AnswerRelay] })
export class AnswersModule {}
