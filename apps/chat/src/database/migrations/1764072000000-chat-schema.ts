import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChatSchema1764072000000 implements MigrationInterface {
  name = 'ChatSchema1764072000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE chat.chats (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id text NOT NULL,
        title text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX chats_owner_updated ON chat.chats (owner_id, updated_at DESC)`);
    await q.query(`
      CREATE TABLE chat.messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        chat_id uuid NOT NULL REFERENCES chat.chats (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('user', 'assistant')),
        content text NOT NULL DEFAULT '',
        status text NOT NULL CHECK (status IN ('pending', 'streaming', 'complete', 'failed', 'cancelled')),
        mode text CHECK (mode IN ('llm', 'retrieval-only')),
        citations jsonb NOT NULL DEFAULT '[]',
        usage jsonb,
        error_code text,
        -- clock_timestamp, not now(): a question and its answer are created in one transaction
        -- and must still sort in order.
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX messages_chat_created ON chat.messages (chat_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE chat.messages`);
    await q.query(`DROP TABLE chat.chats`);
  }
}
