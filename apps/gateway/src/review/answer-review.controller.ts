import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@eloquent/bus';
import { Patterns, ReviewQuerySchema, type ChatReviewResponse, type ReviewQuery } from '@eloquent/contracts';
import { ZodValidationPipe } from '../http/zod-validation';
import { AdminGuard } from '../identity/admin.guard';
import { ApiErrors } from '../openapi/api-errors';
import { Views } from '../openapi/views';
import { ApiZodQuery } from '../openapi/zod-openapi';

/**
 * Admin: the answers a team should look at — those that said the help center does not cover
 * the question (`abstained`), those rated down (`disliked`), the abstentions after which the
 * customer picked a suggested article (`picked`) and those the customer said did not help
 * (`unhelpful`) — each with the question asked, to find wrongly
 * refused questions and fix the knowledge base (docs/gateway.md, "Answer review").
 */
@ApiTags('admin')
@ApiSecurity('admin-key')
@ApiBearerAuth('clerk')
@Controller('v1/answers')
@UseGuards(AdminGuard)
export class AnswerReviewController {
  constructor(private readonly bus: BusClient) {}

  @Get('review')
  @ApiOperation({ summary: 'Abstained, disliked, picked or unhelpful answers with their questions, newest first, a page at a time — admin only' })
  @ApiZodQuery(ReviewQuerySchema)
  @ApiResponse({ status: 200, schema: Views.review })
  @ApiErrors(400, 403)
  review(@Query(new ZodValidationPipe(ReviewQuerySchema)) query: ReviewQuery): Promise<ChatReviewResponse> {
    return this.bus.request(Patterns.chatReview, query);
  }
}
