import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RetrievalSchema1764072000000 implements MigrationInterface {
  name = 'RetrievalSchema1764072000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE retrieval.change_seq`);
    await q.query(`
      CREATE TABLE retrieval.documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        namespace text NOT NULL,
        external_id text NOT NULL,
        title text NOT NULL,
        url text,
        metadata jsonb NOT NULL DEFAULT '{}',
        content_hash text NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('retrieval.change_seq'),
        deleted boolean NOT NULL DEFAULT false,
        chunk_count int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT documents_namespace_external_id UNIQUE (namespace, external_id)
      )`);
    await q.query(`CREATE INDEX documents_seq ON retrieval.documents (seq)`);
    await q.query(`
      CREATE TABLE retrieval.chunks (
        id text PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES retrieval.documents (id) ON DELETE CASCADE,
        ord int NOT NULL,
        heading_path jsonb NOT NULL,
        text text NOT NULL,
        token_count int NOT NULL,
        embedding bytea,
        embedding_model text
      )`);
    await q.query(`CREATE INDEX chunks_document_id ON retrieval.chunks (document_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retrieval.chunks`);
    await q.query(`DROP TABLE retrieval.documents`);
    await q.query(`DROP SEQUENCE retrieval.change_seq`);
  }
}
