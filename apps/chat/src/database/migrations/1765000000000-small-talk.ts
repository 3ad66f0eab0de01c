import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kind of small talk a reply answered (MessageView.smallTalk; docs/chat.md, "Small
 * talk"): null on every answer to a question. A nullable column without a default rewrites no
 * rows.
 */
export class SmallTalk1765000000000 implements MigrationInterface {
  name = 'SmallTalk1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat.messages ADD COLUMN small_talk text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat.messages DROP COLUMN small_talk`);
  }
}
