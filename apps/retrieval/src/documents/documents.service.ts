import { Injectable } from '@nestjs/common';
import {
  AppError,
  float32ToBytes,
  ListDocumentsRequestSchema,
  parseOrThrow,
  type DocumentInputSchema,
  type ListDocumentsRequest,
  type ListDocumentsResponse,
} from '@eloquent/contracts';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Chunk } from '../index/chunker';
import { VectorSpaceService, type Space } from '../vector-space/vector-space.service';
import { lockChangeLog, takeChangeSeqs } from '../change-log/change-log';
import { DocumentEntity } from './document.entity';

export type ValidDocument = z.output<typeof DocumentInputSchema>;

/** A document ready to be written: its chunks, and their vectors in each space being written. */
export interface PreparedDocument {
  document: ValidDocument;
  contentHash: string;
  chunks: Chunk[];
  /** Per model, one vector per chunk. */
  vectors: Map<string, Float32Array[]>;
}

/**
 * Postgres, the source of truth: documents keyed by (namespace, externalId), their chunks
 * and vectors, and one change-log entry (`seq`) per change. Indexes are never written
 * here; they follow the change log (IndexFollower, PineconeSync).
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vectorSpaces: VectorSpaceService,
  ) {}

  /** Content hash and chunk count of the live documents among `externalIds`. */
  async stored(namespace: string, externalIds: string[]): Promise<Map<string, { contentHash: string; chunks: number }>> {
    const rows: Array<{ external_id: string; content_hash: string; chunk_count: number }> = await this.dataSource.query(
      `SELECT external_id, content_hash, chunk_count FROM retrieval.documents WHERE namespace = $1 AND external_id = ANY($2::text[]) AND NOT deleted`,
      [namespace, externalIds],
    );
    return new Map(rows.map((r) => [r.external_id, { contentHash: r.content_hash, chunks: r.chunk_count }]));
  }

  /**
   * Writes the documents in one transaction: rows upserted, chunks and vectors replaced, one
   * new seq each. `spaces` are the vector spaces the vectors belong to; the write fails with
   * VectorSpaceChangedError if the index needs another set by the time it commits.
   */
  async write(namespace: string, prepared: PreparedDocument[], spaces: Space[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const ids = await this.upsertRows(tx, namespace, prepared);
      const documentIds = prepared.map((p) => ids.get(p.document.externalId)!);
      await tx.query(`DELETE FROM retrieval.chunks WHERE document_id = ANY($1::uuid[])`, [documentIds]);
      const chunkRows = prepared.flatMap((p, d) =>
        p.chunks.map((chunk, c) => ({ id: chunkId(documentIds[d], chunk.ord, chunk.text), documentId: documentIds[d], chunk, d, c })),
      );
      for (const batch of batches(chunkRows, 2_000)) {
        await tx.query(
          `INSERT INTO retrieval.chunks (id, document_id, ord, heading_path, text, token_count)
           SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::jsonb[], $5::text[], $6::int[])`,
          [
            batch.map((r) => r.id),
            batch.map((r) => r.documentId),
            batch.map((r) => r.chunk.ord),
            batch.map((r) => JSON.stringify(r.chunk.headingPath)),
            batch.map((r) => r.chunk.text),
            batch.map((r) => r.chunk.tokenCount),
          ],
        );
        for (const { model } of spaces) {
          await tx.query(`INSERT INTO retrieval.chunk_vectors (model, chunk_id, embedding) SELECT $1, * FROM unnest($2::text[], $3::bytea[])`, [
            model,
            batch.map((r) => r.id),
            batch.map((r) => float32ToBytes(prepared[r.d].vectors.get(model)![r.c])),
          ]);
        }
      }
      await this.vectorSpaces.lockForWrite(tx, chunkRows.length > 0 ? spaces : null);
      await takeChangeSeqs(tx, documentIds);
    });
  }

  /** Marks the document deleted (a tombstone with a new seq) and drops its chunks. */
  async delete(namespace: string, externalId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const document = await tx.findOne(DocumentEntity, { where: { namespace, externalId, deleted: false }, lock: { mode: 'pessimistic_write' } });
      if (!document) throw new AppError('NOT_FOUND', `No document ${externalId} in namespace ${namespace}`);
      await tx.query(`DELETE FROM retrieval.chunks WHERE document_id = $1`, [document.id]);
      await tx.update(DocumentEntity, { id: document.id }, { deleted: true, chunkCount: 0, contentHash: '' });
      await lockChangeLog(tx);
      await takeChangeSeqs(tx, [document.id]);
    });
  }

  /** Live documents of a namespace by externalId, a page at a time (keyset pagination). */
  async list(input: ListDocumentsRequest): Promise<ListDocumentsResponse> {
    const { namespace, limit, cursor } = parseOrThrow(ListDocumentsRequestSchema, input);
    const rows: Array<{
      external_id: string;
      title: string;
      url: string | null;
      metadata: Record<string, string | number | boolean>;
      chunk_count: number;
      updated_at: Date;
    }> = await this.dataSource.query(
      `SELECT external_id, title, url, metadata, chunk_count, updated_at FROM retrieval.documents
         WHERE namespace = $1 AND NOT deleted AND ($2::text IS NULL OR external_id > $2) ORDER BY external_id LIMIT $3`,
      [namespace, cursor ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      documents: page.map((r) => ({
        namespace,
        externalId: r.external_id,
        title: r.title,
        ...(r.url ? { url: r.url } : {}),
        metadata: r.metadata,
        chunks: r.chunk_count,
        updatedAt: r.updated_at.toISOString(),
      })),
      ...(rows.length > limit ? { nextCursor: page[page.length - 1].external_id } : {}),
    };
  }

  /** Inserts or updates the document rows; returns their ids by externalId. */
  private async upsertRows(tx: EntityManager, namespace: string, prepared: PreparedDocument[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; external_id: string }> = await tx.query(
      `INSERT INTO retrieval.documents (namespace, external_id, title, url, metadata, content_hash, chunk_count)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::int[])
       ON CONFLICT (namespace, external_id) DO UPDATE SET
         title = EXCLUDED.title, url = EXCLUDED.url, metadata = EXCLUDED.metadata, content_hash = EXCLUDED.content_hash,
         chunk_count = EXCLUDED.chunk_count, deleted = false, updated_at = now()
       RETURNING id, external_id`,
      [
        namespace,
        prepared.map((p) => p.document.externalId),
        prepared.map((p) => p.document.title),
        prepared.map((p) => p.document.url ?? null),
        prepared.map((p) => JSON.stringify(p.document.metadata)),
        prepared.map((p) => p.contentHash),
        prepared.map((p) => p.chunks.length),
      ],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }
}

export function hashContent(document: ValidDocument): string {
  return createHash('sha256')
    .update(JSON.stringify([document.title, document.url ?? null, document.text, document.metadata]))
    .digest('hex');
}

/** Stable: derived from the document id, position and text. */
function chunkId(documentId: string, ord: number, text: string): string {
  return createHash('sha1').update(`${documentId}:${ord}:${text}`).digest('base64url').slice(0, 22);
}

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
