import { Module } from '@nestjs/common';
import { AnswerReviewHandler } from './answer-review.handler';
import { AnswerReviewService } from './answer-review.service';

/** Ratings of answers and the review lists (`chat.feedback`, `chat.review`). */
@Module({
  controllers: [AnswerReviewHandler],
  providers: [AnswerReviewService],
})
export class AnswerReviewModule {}
