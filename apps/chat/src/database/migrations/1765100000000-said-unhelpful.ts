import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the customer said an answer did not help ("that didn't answer my question": small talk
 * of kind `dissatisfied` right after it), on the answer's row (MessageView.saidUnhelpful), and
 * the fourth review list (chat.review `unhelpful`; docs/chat.md, "Reviewing answers") with its
 * partial index. A nullable column without a default rewrites no rows.
 */
export class SaidUnhelpful1765100000000 implements MigrationInterface {
  name = 'SaidUnhelpful1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat.messages ADD COLUMN said_unhelpful_at timestamptz`);
    await q.query(`CREATE INDEX messages_said_unhelpful ON chat.messages (created_at DESC) WHERE said_unhelpful_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX chat.messages_said_unhelpful`);
    await q.query(`ALTER TABLE chat.messages DROP COLUMN said_unhelpful_at`);
  }
}
