import { Injectable } from '@nestjs/common';
import {
  AppError,
  ChatFeedbackRequestSchema,
  ChatReviewRequestSchema,
  parseOrThrow,
  type ChatReviewRequest,
  type ChatReviewResponse,
  type MessageView,
  type RequestOf,
} from '@eloquent/contracts';
import { DataSource, IsNull, LessThan, Not, type FindOptionsWhere } from 'typeorm';
import { MessageEntity } from '../conversations/message.entity';
import { toMessageView } from '../conversations/message-view';
import { findOwnedMessage } from '../conversations/owned-message';
import { feedbackTotal } from './answer-review-metrics';

/**
 * Each listed answer's question: the user message before it in its chat (an answer is
 * inserted with its question, 1 µs after it: conversations.service.ts).
 */
const QUESTIONS_OF = `
  SELECT answer.id, question.content
  FROM chat.messages answer
  CROSS JOIN LATERAL (
    SELECT content FROM chat.messages
    WHERE chat_id = answer.chat_id AND role = 'user' AND created_at < answer.created_at
    ORDER BY created_at DESC LIMIT 1) question
  WHERE answer.id = ANY($1::uuid[])`;

/**
 * Which answers each review list holds (docs/chat.md, "Reviewing answers"); each reads its own
 * partial index (migrations 1764600000000-answer-review, 1764900000000-picked-review).
 */
const REVIEW_LISTS: Record<ChatReviewRequest['filter'], FindOptionsWhere<MessageEntity>> = {
  abstained: { abstained: true },
  disliked: { feedbackRating: 'down' },
  // Abstentions after which the customer picked a suggested article: questions the help center did cover.
  picked: { suggestionPicked: Not(IsNull()) },
  // Answers the customer said did not help, right after them ("that didn't answer my question").
  unhelpful: { saidUnhelpfulAt: Not(IsNull()) },
};

/**
 * What a team learns from its answers (docs/chat.md, "Reviewing answers"): customers rate
 * answers, and the answers that abstained, were rated down, or abstained before the customer
 * picked a suggested article are listed with their questions, so a question the help center
 * covers but the bot refused can be found and fixed.
 */
@Injectable()
export class AnswerReviewService {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores (or, with `rating: null`, withdraws) the asker's rating of an answer that has ended. */
  async rate(input: RequestOf<'chat.feedback'>): Promise<MessageView> {
    const request = parseOrThrow(ChatFeedbackRequestSchema, input);
    const message = await findOwnedMessage(this.dataSource, request.userId, request.messageId);
    if (message.role !== 'assistant') throw new AppError('VALIDATION_FAILED', 'Only answers can be rated');
    if (message.status === 'pending' || message.status === 'streaming') throw new AppError('ANSWER_IN_PROGRESS', 'The answer is still being written');
    const feedback = {
      feedbackRating: request.rating,
      feedbackComment: request.rating && request.comment ? request.comment : null,
      feedbackAt: request.rating ? new Date() : null,
    };
    // An ended answer never changes status again, so no guard on it is needed here.
    await this.dataSource.getRepository(MessageEntity).update({ id: message.id }, feedback);
    // Counted when given or changed, not when the same rating is sent again or withdrawn.
    if (request.rating && request.rating !== message.feedbackRating) feedbackTotal.inc({ rating: request.rating });
    return toMessageView({ ...message, ...feedback });
  }

  /** Admin: abstained, disliked, picked or unhelpful answers, newest first, each with its question. */
  async review(input: RequestOf<'chat.review'>): Promise<ChatReviewResponse> {
    const request = parseOrThrow(ChatReviewRequestSchema, input);
    const answers = await this.dataSource.getRepository(MessageEntity).find({
      where: {
        role: 'assistant',
        ...REVIEW_LISTS[request.filter],
        ...(request.before ? { createdAt: LessThan(new Date(request.before)) } : {}),
      },
      order: { createdAt: 'DESC' },
      take: request.limit + 1,
    });
    const page = answers.slice(0, request.limit);
    const rows: { id: string; content: string }[] = page.length === 0 ? [] : await this.dataSource.query(QUESTIONS_OF, [page.map((a) => a.id)]);
    const questions = new Map(rows.map((row) => [row.id, row.content]));
    return {
      answers: page.map((answer) => ({ question: questions.get(answer.id) ?? '', answer: toMessageView(answer) })),
      ...(answers.length > request.limit ? { nextBefore: page[page.length - 1].createdAt.toISOString() } : {}),
    };
  }
}
