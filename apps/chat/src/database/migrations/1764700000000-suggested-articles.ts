import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The articles an abstention offered the customer (MessageView.suggestedArticles; docs/chat.md,
 * "Suggested articles"). A nullable column without a default rewrites no rows.
 */
export class SuggestedArticles1764700000000 implements MigrationInterface {
  name = 'SuggestedArticles1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat.messages ADD COLUMN suggested_articles jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat.messages DROP COLUMN suggested_articles`);
  }
}
