import type { AnswerMode, Citation, ErrorCode, MessageStatus, SmallTalkKind, SuggestedArticle } from '@eloquent/contracts';
import { preparedQuery } from '@eloquent/runtime';
import type { DataSource } from 'typeorm';
import type { TokenUsage } from '../generation/answer-generator';

export interface FinishedAnswer {
  status: Extract<MessageStatus, 'complete' | 'failed' | 'cancelled'>;
  content: string;
  citations: Citation[];
  mode: AnswerMode;
  usage: TokenUsage | null;
  errorCode?: ErrorCode;
  /** Only a complete answer is marked (MessageView.abstained). */
  abstained?: boolean;
  /** What the abstention offered (MessageView.suggestedArticles). */
  suggestedArticles?: SuggestedArticle[];
  /** The reply answered small talk (MessageView.smallTalk). */
  smallTalk?: SmallTalkKind;
}

/**
 * The write that ends every answer, as prepared plain SQL: it runs for every question, and
 * the query builder, and planning it each time, cost more CPU than running it. (The answer
 * is inserted `streaming` with its question: conversations.service.ts.)
 */
export class MessageStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * In progress → its terminal state. Never over a terminal state (docs/failure-modes.md):
   * an answer ends once, so a late write (a retry after an outage, a sweep) cannot
   * overwrite how it ended. Returns whether this call ended it.
   */
  async finish(messageId: string, answer: FinishedAnswer): Promise<boolean> {
    const rows = await preparedQuery(
      this.dataSource,
      'chat-answer-finish',
      `UPDATE chat.messages SET status = $2, content = $3, citations = $4, mode = $5, usage = $6, error_code = $7, abstained = $8, suggested_articles = $9, small_talk = $10, updated_at = now()
       WHERE id = $1 AND status IN ('pending', 'streaming') RETURNING id`,
      [
        messageId,
        answer.status,
        answer.content,
        JSON.stringify(answer.citations),
        answer.mode,
        answer.usage ? JSON.stringify(answer.usage) : null,
        answer.errorCode ?? null,
        answer.abstained === true,
        answer.suggestedArticles?.length ? JSON.stringify(answer.suggestedArticles) : null,
        answer.smallTalk ?? null,
      ],
    );
    return rows.length > 0;
  }

  /**
   * Marks an answer the customer said did not help, in the message right after it (docs/chat.md,
   * "Reviewing answers"): only a complete answer to a question (not a reply to small talk), and
   * only the first time. Returns whether this call marked it.
   */
  async recordUnhelpful(answerId: string): Promise<boolean> {
    const rows = await preparedQuery(
      this.dataSource,
      'chat-said-unhelpful',
      `UPDATE chat.messages SET said_unhelpful_at = now(), updated_at = now()
       WHERE id = $1 AND role = 'assistant' AND status = 'complete' AND small_talk IS NULL AND said_unhelpful_at IS NULL RETURNING id`,
      [answerId],
    );
    return rows.length > 0;
  }

  /**
   * Marks the suggested article the customer picked on the abstention that offered it
   * (docs/chat.md, "Suggested articles", Picks). Only the first pick counts: asking another
   * suggested title later changes nothing. Returns whether this call recorded it.
   */
  async recordPick(abstentionId: string, documentId: string): Promise<boolean> {
    const rows = await preparedQuery(
      this.dataSource,
      'chat-suggestion-picked',
      `UPDATE chat.messages SET suggestion_picked = $2, updated_at = now() WHERE id = $1 AND suggestion_picked IS NULL RETURNING id`,
      [abstentionId, documentId],
    );
    return rows.length > 0;
  }
}
