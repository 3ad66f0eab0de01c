import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vectors move out of `chunks` into `chunk_vectors`, keyed by (model, chunk), so a chunk can
 * have vectors in two spaces while a re-embedding job builds the new one. `vector_space`
 * (one row) records the model the index searches with and the one being built.
 * `sync_cursors` holds the change seq an external index (Pinecone) has applied.
 */
export class VectorSpaces1764500000000 implements MigrationInterface {
  name = 'VectorSpaces1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE retrieval.chunk_vectors (
        model text NOT NULL,
        chunk_id text NOT NULL REFERENCES retrieval.chunks (id) ON DELETE CASCADE,
        embedding bytea NOT NULL,
        PRIMARY KEY (model, chunk_id)
      )`);
    await q.query(`CREATE INDEX chunk_vectors_chunk_id ON retrieval.chunk_vectors (chunk_id)`);
    await q.query(`
      INSERT INTO retrieval.chunk_vectors (model, chunk_id, embedding)
      SELECT embedding_model, id, embedding FROM retrieval.chunks WHERE embedding IS NOT NULL AND embedding_model IS NOT NULL`);
    await q.query(`
      CREATE TABLE retrieval.vector_space (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        active_model text,
        active_dims int,
        target_model text,
        target_dims int,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO retrieval.vector_space (active_model, active_dims)
      SELECT (SELECT embedding_model FROM retrieval.chunks WHERE embedding_model IS NOT NULL LIMIT 1),
             (SELECT length(embedding) / 4 FROM retrieval.chunks WHERE embedding_model IS NOT NULL LIMIT 1)`);
    await q.query(`ALTER TABLE retrieval.chunks DROP COLUMN embedding, DROP COLUMN embedding_model`);
    await q.query(`CREATE TABLE retrieval.sync_cursors (name text PRIMARY KEY, seq bigint NOT NULL DEFAULT 0, model text)`);
    // Listing documents by namespace (admin API) skips tombstones.
    await q.query(`CREATE INDEX documents_live ON retrieval.documents (namespace, external_id) WHERE NOT deleted`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX retrieval.documents_live`);
    await q.query(`DROP TABLE retrieval.sync_cursors`);
    await q.query(`ALTER TABLE retrieval.chunks ADD COLUMN embedding bytea, ADD COLUMN embedding_model text`);
    await q.query(`
      UPDATE retrieval.chunks c SET embedding = v.embedding, embedding_model = v.model
      FROM retrieval.chunk_vectors v, retrieval.vector_space s
      WHERE v.chunk_id = c.id AND v.model = s.active_model`);
    await q.query(`DROP TABLE retrieval.vector_space`);
    await q.query(`DROP TABLE retrieval.chunk_vectors`);
  }
}
