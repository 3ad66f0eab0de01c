import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Patterns, type RequestOf, type ResponseOf } from '@eloquent/contracts';
import { AnswerReviewService } from './answer-review.service';

@Controller()
export class AnswerReviewHandler {
  constructor(private readonly review: AnswerReviewService) {}

  @MessagePattern(Patterns.chatFeedback)
  feedback(@Payload() request: RequestOf<'chat.feedback'>): Promise<ResponseOf<'chat.feedback'>> {
    return this.review.rate(request);
  }

  @MessagePattern(Patterns.chatReview)
  list(@Payload() request: RequestOf<'chat.review'>): Promise<ResponseOf<'chat.review'>> {
    return this.review.review(request);
  }
}
