import type { AnswerMode, Citation, FeedbackRating, MessageRole, MessageStatus, SmallTalkKind, SuggestedArticle } from '@eloquent/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One turn. Assistant messages are stored streaming (pending in rows of earlier versions) → complete | failed | cancelled. */
@Entity({ name: 'messages' })
@Index(['chatId', 'createdAt'])
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'chat_id', type: 'uuid' })
  chatId: string;

  @Column({ type: 'text' })
  role: MessageRole;

  @Column({ type: 'text', default: '' })
  content: string;

  @Column({ type: 'text' })
  status: MessageStatus;

  @Column({ type: 'text', nullable: true })
  mode: AnswerMode | null;

  @Column({ type: 'jsonb', default: [] })
  citations: Citation[];

  @Column({ type: 'jsonb', nullable: true })
  usage: { inputTokens: number; outputTokens: number } | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  /** The answer said the help center does not cover the question (MessageView.abstained). */
  @Column({ type: 'boolean', default: false })
  abstained: boolean;

  /** The articles the abstention offered (MessageView.suggestedArticles); null when it offered none. */
  @Column({ name: 'suggested_articles', type: 'jsonb', nullable: true })
  suggestedArticles: SuggestedArticle[] | null;

  /** The suggested article the customer picked next (MessageView.suggestionPicked): its document id; null until one is. */
  @Column({ name: 'suggestion_picked', type: 'text', nullable: true })
  suggestionPicked: string | null;

  /** When the customer said this answer did not help (MessageView.saidUnhelpful); null unless they did. */
  @Column({ name: 'said_unhelpful_at', type: 'timestamptz', nullable: true })
  saidUnhelpfulAt: Date | null;

  /** The reply answered small talk, of this kind (MessageView.smallTalk); null on an answer to a question. */
  @Column({ name: 'small_talk', type: 'text', nullable: true })
  smallTalk: SmallTalkKind | null;

  @Column({ name: 'feedback_rating', type: 'text', nullable: true })
  feedbackRating: FeedbackRating | null;

  @Column({ name: 'feedback_comment', type: 'text', nullable: true })
  feedbackComment: string | null;

  @Column({ name: 'feedback_at', type: 'timestamptz', nullable: true })
  feedbackAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
