import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a team reviews of its answers (docs/chat.md, "Reviewing answers"): whether an answer
 * abstained, and the asker's rating. Adding columns with constant defaults rewrites no rows
 * (PostgreSQL 11+); answers stored before this are not marked abstained.
 */
export class AnswerReview1764600000000 implements MigrationInterface {
  name = 'AnswerReview1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE chat.messages
        ADD COLUMN abstained boolean NOT NULL DEFAULT false,
        ADD COLUMN feedback_rating text CHECK (feedback_rating IN ('up', 'down')),
        ADD COLUMN feedback_comment text,
        ADD COLUMN feedback_at timestamptz`);
    // The review lists (chat.review), newest first, without reading every answer.
    await q.query(`CREATE INDEX messages_abstained ON chat.messages (created_at DESC) WHERE abstained`);
    await q.query(`CREATE INDEX messages_disliked ON chat.messages (created_at DESC) WHERE feedback_rating = 'down'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX chat.messages_disliked`);
    await q.query(`DROP INDEX chat.messages_abstained`);
    await q.query(`ALTER TABLE chat.messages DROP COLUMN feedback_at, DROP COLUMN feedback_comment, DROP COLUMN feedback_rating, DROP COLUMN abstained`);
  }
}
