import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The suggested article the customer picked after an abstention: the picked document id, on
 * the abstention's row (MessageView.suggestionPicked; docs/chat.md, "Suggested articles").
 * A nullable column without a default rewrites no rows.
 */
export class SuggestionPicks1764800000000 implements MigrationInterface {
  name = 'SuggestionPicks1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat.messages ADD COLUMN suggestion_picked text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat.messages DROP COLUMN suggestion_picked`);
  }
}
