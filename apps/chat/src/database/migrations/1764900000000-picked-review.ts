import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The third review list (chat.review `picked`; docs/chat.md, "Reviewing answers"): abstentions
 * after which the customer picked a suggested article, newest first, without reading every answer.
 */
export class PickedReview1764900000000 implements MigrationInterface {
  name = 'PickedReview1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX messages_picked ON chat.messages (created_at DESC) WHERE suggestion_picked IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX chat.messages_picked`);
  }
}
