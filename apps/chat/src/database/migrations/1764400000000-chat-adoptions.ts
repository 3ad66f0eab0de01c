import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per anonymous owner whose chats moved to an account: adoption happens once. */
export class ChatAdoptions1764400000000 implements MigrationInterface {
  name = 'ChatAdoptions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE chat.adoptions (
        from_owner_id text PRIMARY KEY,
        to_owner_id text NOT NULL,
        moved integer NOT NULL,
        adopted_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Deleting a chat stops its answers in progress: finds them without reading its history.
    await q.query(`CREATE INDEX messages_streaming ON chat.messages (chat_id) WHERE status IN ('pending', 'streaming')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX chat.messages_streaming`);
    await q.query(`DROP TABLE chat.adoptions`);
  }
}
