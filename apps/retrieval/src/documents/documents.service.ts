import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import {
  AppError,
  DocumentInputSchema,
  float32ToBytes,
  IngestRequestSchema,
  parseOrThrow,
  type IngestOutcome,
  type IngestRequest,
  type IngestResponse,
} from '@eloquent/contracts';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { RetrievalConfig } from '../config';
import { chunkMarkdown } from '../index/chunker';
import { ChunkEntity } from './chunk.entity';
import { DocumentEntity } from './document.entity';
import { PassageEmbedder, passageText } from './passage-embedder';

type ValidDocument = z.output<typeof DocumentInputSchema>;

/**
 * Writes documents to Postgres, the source of truth: content-hash idempotency,
 * chunking, passage embedding, and one change-log entry (`seq`) per change. Indexes
 * never get written here; they follow the change log (IndexFollower).
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly embedder: PassageEmbedder,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  async ingest(input: IngestRequest): Promise<IngestResponse> {
    const request = parseOrThrow(IngestRequestSchema, input);
    const results: IngestResponse['results'] = [];
    for (const document of request.documents) {
      try {
        results.push({ externalId: document.externalId, ...(await this.upsert(request.namespace, document)) });
      } catch (error) {
        this.logger.warn({ err: error, externalId: document.externalId }, 'document failed to ingest');
        results.push({ externalId: document.externalId, outcome: 'failed', error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { results };
  }

  /** Marks the document deleted (a tombstone with a new seq) and drops its chunks. */
  async delete(namespace: string, externalId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const document = await tx.findOne(DocumentEntity, { where: { namespace, externalId, deleted: false }, lock: { mode: 'pessimistic_write' } });
      if (!document) throw new AppError('NOT_FOUND', `No document ${externalId} in namespace ${namespace}`);
      await tx.delete(ChunkEntity, { documentId: document.id });
      await tx.update(DocumentEntity, { id: document.id }, { deleted: true, chunkCount: 0, contentHash: '' });
      await takeChangeSeq(tx, document.id);
    });
  }

  private async upsert(namespace: string, document: ValidDocument): Promise<{ outcome: IngestOutcome; chunks: number }> {
    const contentHash = hashContent(document);
    const existing = await this.dataSource.getRepository(DocumentEntity).findOne({ where: { namespace, externalId: document.externalId } });
    if (existing && !existing.deleted && existing.contentHash === contentHash) return { outcome: 'unchanged', chunks: existing.chunkCount };

    const pieces = chunkMarkdown(
      { title: document.title, text: document.text },
      { maxTokens: this.config.CHUNK_MAX_TOKENS, overlapTokens: this.config.CHUNK_OVERLAP_TOKENS },
    );
    // Embedding happens before the transaction: a slow provider must not hold row locks.
    const embedded = await this.embedder.embed(pieces.map((p) => passageText(document.title, p.headingPath, p.text)));

    await this.dataSource.transaction(async (tx) => {
      const documentId = await this.writeDocument(tx, namespace, document, contentHash, pieces.length);
      await tx.delete(ChunkEntity, { documentId });
      if (pieces.length)
        await tx.insert(
          ChunkEntity,
          pieces.map((piece, i) => ({
            id: chunkId(documentId, piece.ord, piece.text),
            documentId,
            ord: piece.ord,
            headingPath: piece.headingPath,
            text: piece.text,
            tokenCount: piece.tokenCount,
            embedding: float32ToBytes(embedded.vectors[i]),
            embeddingModel: embedded.model,
          })),
        );
      await takeChangeSeq(tx, documentId);
    });
    return { outcome: existing && !existing.deleted ? 'updated' : 'created', chunks: pieces.length };
  }

  /** Inserts or updates the document row; returns its id. */
  private async writeDocument(tx: EntityManager, namespace: string, document: ValidDocument, contentHash: string, chunkCount: number): Promise<string> {
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO retrieval.documents (namespace, external_id, title, url, metadata, content_hash, chunk_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (namespace, external_id) DO UPDATE SET
         title = EXCLUDED.title, url = EXCLUDED.url, metadata = EXCLUDED.metadata, content_hash = EXCLUDED.content_hash,
         chunk_count = EXCLUDED.chunk_count, deleted = false, updated_at = now()
       RETURNING id`,
      [namespace, document.externalId, document.title, document.url ?? null, JSON.stringify(document.metadata), contentHash, chunkCount],
    );
    return rows[0].id;
  }
}

/**
 * Gives the document its change seq as the transaction's last write, under a lock held
 * until commit: seqs then become visible in order, so a follower that has applied seq N
 * can never later see a commit with a smaller seq appear (which it would skip).
 */
async function takeChangeSeq(tx: EntityManager, documentId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('retrieval.change_seq'))`);
  await tx.query(`UPDATE retrieval.documents SET seq = nextval('retrieval.change_seq') WHERE id = $1`, [documentId]);
}

function hashContent(document: ValidDocument): string {
  return createHash('sha256')
    .update(JSON.stringify([document.title, document.url ?? null, document.text, document.metadata]))
    .digest('hex');
}

function chunkId(documentId: string, ord: number, text: string): string {
  return createHash('sha1').update(`${documentId}:${ord}:${text}`).digest('base64url').slice(0, 22);
}
