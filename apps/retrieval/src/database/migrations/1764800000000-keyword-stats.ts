import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corpus statistics for a keyword leg held outside the replicas (stateless mode,
 * docs/retrieval.md "Modes"): per namespace the chunk count, the total weighted length and the
 * change seq they reflect; per term the number of chunks containing it; per document what it
 * contributed, so an update or delete can take its old share back out (the change log keeps
 * only a document's newest version). Maintained by the sync that mirrors the change log into
 * the external index; its cursor restarts so the statistics cover what it already sent.
 */
export class KeywordStats1764800000000 implements MigrationInterface {
  name = 'KeywordStats1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE retrieval.keyword_namespaces (
        namespace text PRIMARY KEY,
        chunks bigint NOT NULL DEFAULT 0,
        total_length double precision NOT NULL DEFAULT 0,
        version bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE retrieval.keyword_terms (
        namespace text NOT NULL,
        term text NOT NULL,
        chunks int NOT NULL,
        PRIMARY KEY (namespace, term)
      )`);
    await q.query(`
      CREATE TABLE retrieval.keyword_documents (
        document_id uuid PRIMARY KEY,
        namespace text NOT NULL,
        chunks int NOT NULL,
        total_length double precision NOT NULL,
        terms jsonb NOT NULL
      )`);
    await q.query(`UPDATE retrieval.sync_cursors SET seq = 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retrieval.keyword_documents`);
    await q.query(`DROP TABLE retrieval.keyword_terms`);
    await q.query(`DROP TABLE retrieval.keyword_namespaces`);
  }
}
