import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { addDelta, emptyDelta, NO_CONTRIBUTION, type KeywordContribution, type KeywordDelta } from './keyword-contribution';

/** A namespace's keyword statistics, as far as one query needs them. */
export interface NamespaceKeywordStats {
  chunks: number;
  averageLength: number;
  /** The change seq the statistics (and the external index they describe) reflect. */
  version: number;
  /** The number of chunks containing each asked-for term (absent = none). */
  documentFrequency: Map<string, number>;
}

/** One document's new state, as the sync applies it: its contribution, or none when deleted. */
export interface DocumentKeywords {
  documentId: string;
  namespace: string;
  seq: number;
  contribution?: KeywordContribution;
}

/**
 * Corpus statistics of a keyword leg held outside the replicas (stateless mode): per namespace
 * the chunk count, total weighted length and version, per term its chunk count, per document
 * its contribution (tables from the keyword-stats migration). Written by the one replica that
 * syncs the change log, in the transaction that advances its cursor; read by every search.
 */
@Injectable()
export class KeywordStatsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The namespace's statistics for the query's terms; undefined when nothing was ever synced to it. */
  async read(namespace: string, terms: string[]): Promise<NamespaceKeywordStats | undefined> {
    const [row]: Array<{ chunks: string; total_length: number; version: string; df: Record<string, number> }> = await this.dataSource.query(
      `SELECT n.chunks, n.total_length, n.version,
              COALESCE((SELECT jsonb_object_agg(t.term, t.chunks) FROM retrieval.keyword_terms t
                        WHERE t.namespace = n.namespace AND t.term = ANY($2::text[])), '{}'::jsonb) AS df
       FROM retrieval.keyword_namespaces n WHERE n.namespace = $1`,
      [namespace, terms],
    );
    if (!row) return undefined;
    const chunks = Number(row.chunks);
    return {
      chunks,
      averageLength: chunks > 0 ? row.total_length / chunks : 0,
      version: Number(row.version),
      documentFrequency: new Map(Object.entries(row.df)),
    };
  }

  /** Average weighted chunk length per namespace (0 for one without statistics yet). */
  async averageLengths(namespaces: string[]): Promise<Map<string, { chunks: number; totalLength: number }>> {
    const rows: Array<{ namespace: string; chunks: string; total_length: number }> = await this.dataSource.query(
      `SELECT namespace, chunks, total_length FROM retrieval.keyword_namespaces WHERE namespace = ANY($1::text[])`,
      [namespaces],
    );
    return new Map(rows.map((r) => [r.namespace, { chunks: Number(r.chunks), totalLength: r.total_length }]));
  }

  /**
   * Applies documents' new states inside `manager`'s transaction: each document's previous
   * contribution is taken out and its new one put in, so re-applying the same state (a retried
   * sync pass, a re-sync after a model switch) changes nothing.
   */
  async apply(manager: EntityManager, documents: DocumentKeywords[]): Promise<void> {
    if (documents.length === 0) return;
    const ids = documents.map((d) => d.documentId);
    const previous: Array<{ document_id: string; chunks: number; total_length: number; terms: Record<string, number> }> = await manager.query(
      `SELECT document_id, chunks, total_length, terms FROM retrieval.keyword_documents WHERE document_id = ANY($1::uuid[]) FOR UPDATE`,
      [ids],
    );
    const before = new Map(previous.map((r) => [r.document_id, { chunks: r.chunks, totalLength: r.total_length, terms: r.terms }]));
    const deltas = new Map<string, KeywordDelta & { version: number }>();
    for (const document of documents) {
      let delta = deltas.get(document.namespace);
      if (!delta) deltas.set(document.namespace, (delta = { ...emptyDelta(), version: 0 }));
      addDelta(delta, before.get(document.documentId) ?? NO_CONTRIBUTION, document.contribution ?? NO_CONTRIBUTION);
      delta.version = Math.max(delta.version, document.seq);
    }

    for (const [namespace, delta] of deltas) {
      const terms = [...delta.terms.keys()];
      if (terms.length) {
        await manager.query(
          `INSERT INTO retrieval.keyword_terms (namespace, term, chunks)
           SELECT $1, term, chunks FROM unnest($2::text[], $3::int[]) AS u(term, chunks)
           ON CONFLICT (namespace, term) DO UPDATE SET chunks = retrieval.keyword_terms.chunks + EXCLUDED.chunks`,
          [namespace, terms, terms.map((t) => delta.terms.get(t)!)],
        );
        const shrunk = terms.filter((t) => delta.terms.get(t)! < 0);
        if (shrunk.length)
          await manager.query(`DELETE FROM retrieval.keyword_terms WHERE namespace = $1 AND term = ANY($2::text[]) AND chunks <= 0`, [namespace, shrunk]);
      }
      await manager.query(
        `INSERT INTO retrieval.keyword_namespaces (namespace, chunks, total_length, version) VALUES ($1, $2, $3, $4)
         ON CONFLICT (namespace) DO UPDATE SET
           chunks = retrieval.keyword_namespaces.chunks + EXCLUDED.chunks,
           -- Reset rather than subtract when empty, so floating-point drift cannot accumulate forever.
           total_length = CASE WHEN retrieval.keyword_namespaces.chunks + EXCLUDED.chunks = 0 THEN 0
                               ELSE retrieval.keyword_namespaces.total_length + EXCLUDED.total_length END,
           version = GREATEST(retrieval.keyword_namespaces.version, EXCLUDED.version)`,
        [namespace, delta.chunks, delta.totalLength, delta.version],
      );
    }

    await manager.query(`DELETE FROM retrieval.keyword_documents WHERE document_id = ANY($1::uuid[])`, [ids]);
    const live = documents.filter((d) => d.contribution);
    if (live.length) {
      await manager.query(
        `INSERT INTO retrieval.keyword_documents (document_id, namespace, chunks, total_length, terms)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::float8[], $5::jsonb[])`,
        [
          live.map((d) => d.documentId),
          live.map((d) => d.namespace),
          live.map((d) => d.contribution!.chunks),
          live.map((d) => d.contribution!.totalLength),
          live.map((d) => JSON.stringify(d.contribution!.terms)),
        ],
      );
    }
  }
}
