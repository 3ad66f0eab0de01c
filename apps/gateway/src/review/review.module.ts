import { Module } from '@nestjs/common';
import { AnswerReviewController } from './answer-review.controller';

@Module({ controllers: [AnswerReviewController] })
export class ReviewModule {}
