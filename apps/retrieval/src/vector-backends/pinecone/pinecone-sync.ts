import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { float32FromBytes } from '@eloquent/contracts';
import { PeriodicTask } from '@eloquent/runtime';
import type { RecordMetadata } from '@pinecone-database/pinecone';
import { DataSource, type QueryRunner } from 'typeorm';
import { ChangeListener } from '../../change-log/change-listener';
import { bm25Options, changeLogPollMs, type RetrievalConfig } from '../../config';
import { documentWeights, weightedTermFrequencies } from '../../index/bm25-weights';
import { contributionOf } from '../../keyword-stats/keyword-contribution';
import { KeywordStatsStore, type DocumentKeywords } from '../../keyword-stats/keyword-stats.store';
import { VectorSpaceService, type Space } from '../../vector-space/vector-space.service';
import { PineconeKeys, PineconeVectorBackend, type PineconeChunkRecord } from './pinecone-vector-backend';
import { toSparseVector } from './sparse-vector';
import type { ChangedDocument, StoredChunk } from '../../documents/change-log.rows';

const CURSOR = 'pinecone';
const PAGE = 100;

/**
 * Mirrors the change log into Pinecone, like an IndexFollower whose index is remote: one
 * replica at a time (a session advisory lock) applies the changes after its durable cursor
 * (`sync_cursors`). A changed document's chunks are upserted first, then its records from
 * older versions (seq at or below the cursor) are deleted by metadata filter, so it is never
 * missing in between; a deleted document's records are deleted by filter. When the index
 * switches to a new embedding model the cursor restarts at 0 and everything is re-sent in
 * the new space (queries filter on the model meanwhile).
 *
 * Each record's sparse vector is the chunk's BM25 document side against its namespace's average
 * length; the keyword statistics queries need (chunk count, per-term chunk counts) are kept in
 * Postgres by the same pass, in the transaction that advances the cursor (KeywordStatsStore),
 * so a stateless replica can weight query terms without holding the corpus.
 */
@Injectable()
export class PineconeSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PineconeSync.name);
  private lockHolder?: QueryRunner;
  private readonly task: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    private readonly keywordStats: KeywordStatsStore,
    private readonly vectorSpaces: VectorSpaceService,
    private readonly pinecone: PineconeVectorBackend,
    changes: ChangeListener,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {
    this.task = new PeriodicTask(
      () => this.syncOnce(),
      changeLogPollMs(config),
      async (error) => {
        this.logger.error({ err: error }, 'Pinecone sync failed; retrying');
        await this.releaseLock(); // the lock's connection may be the broken part: let any replica take over
      },
    );
    // Woken like the index follower; replicas not holding the lock only try it, as on a poll.
    changes.subscribe(() => this.task.wake());
  }

  onApplicationBootstrap(): void {
    this.task.start(0);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
    await this.releaseLock();
  }

  /** Applies every pending change (when this replica holds the lock); resolves when caught up. */
  async syncOnce(): Promise<void> {
    if (!(await this.lead())) return;
    const space = (await this.vectorSpaces.read()).active;
    if (!space) return;
    for (;;) {
      const cursor = await this.cursor(space);
      const changes: ChangedDocument[] = await this.dataSource.query(
        `SELECT id, namespace, external_id, title, metadata, deleted, seq FROM retrieval.documents WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [cursor, PAGE],
      );
      if (changes.length === 0) return;
      const keywords = await this.apply(changes, space, cursor);
      await this.dataSource.transaction(async (manager) => {
        await this.keywordStats.apply(manager, keywords);
        await manager.query(`UPDATE retrieval.sync_cursors SET seq = $2, model = $3 WHERE name = $1`, [CURSOR, changes[changes.length - 1].seq, space.model]);
      });
    }
  }

  /** Sends the changes to Pinecone; returns each document's keyword statistics for the cursor's transaction. */
  private async apply(changes: ChangedDocument[], space: Space, cursor: number): Promise<DocumentKeywords[]> {
    const live = changes.filter((d) => !d.deleted);
    const chunks: Array<StoredChunk & { embedding: Buffer }> = live.length
      ? await this.dataSource.query(
          `SELECT c.id, c.document_id, c.heading_path, c.text, v.embedding FROM retrieval.chunks c
           JOIN retrieval.chunk_vectors v ON v.chunk_id = c.id AND v.model = $2
           WHERE c.document_id = ANY($1::uuid[]) ORDER BY c.document_id, c.ord`,
          [live.map((d) => d.id), space.model],
        )
      : [];
    const documents = new Map(changes.map((d) => [d.id, d]));
    const options = bm25Options(this.config);
    const termFrequencies = new Map(
      chunks.map((c) => [
        c.id,
        weightedTermFrequencies({ title: documents.get(c.document_id)!.title, headingPath: c.heading_path, text: c.text }, options.fieldWeights),
      ]),
    );
    const keywords: DocumentKeywords[] = changes.map((d) => ({
      documentId: d.id,
      namespace: d.namespace,
      seq: Number(d.seq),
      ...(d.deleted ? {} : { contribution: contributionOf(chunks.filter((c) => c.document_id === d.id).map((c) => termFrequencies.get(c.id)!)) }),
    }));
    const namespaces = [...new Set(changes.map((d) => d.namespace))];
    const stored = await this.keywordStats.averageLengths(namespaces);
    for (const namespace of namespaces) {
      // The namespace's average chunk length with this batch in (a fresh namespace has only the batch).
      const added = keywords.filter((k) => k.namespace === namespace && k.contribution);
      const chunkCount = (stored.get(namespace)?.chunks ?? 0) + added.reduce((n, k) => n + k.contribution!.chunks, 0);
      const totalLength = (stored.get(namespace)?.totalLength ?? 0) + added.reduce((n, k) => n + k.contribution!.totalLength, 0);
      const averageLength = chunkCount > 0 ? totalLength / chunkCount : 0;
      const records: PineconeChunkRecord[] = chunks
        .filter((c) => documents.get(c.document_id)!.namespace === namespace)
        .map((c) => {
          const document = documents.get(c.document_id)!;
          const metadata: RecordMetadata = {
            ...document.metadata,
            [PineconeKeys.documentId]: document.id,
            [PineconeKeys.externalId]: document.external_id,
            [PineconeKeys.model]: space.model,
            [PineconeKeys.seq]: Number(document.seq),
          };
          const sparse = toSparseVector(documentWeights(termFrequencies.get(c.id)!, options, averageLength));
          return { id: c.id, values: float32FromBytes(c.embedding), ...(sparse ? { sparse } : {}), metadata };
        });
      for (let start = 0; start < records.length; start += this.config.PINECONE_BATCH) {
        await this.pinecone.upsert(namespace, records.slice(start, start + this.config.PINECONE_BATCH));
      }
      const inNamespace = changes.filter((d) => d.namespace === namespace);
      const updated = inNamespace.filter((d) => !d.deleted).map((d) => d.id);
      const deleted = inNamespace.filter((d) => d.deleted).map((d) => d.id);
      // Older versions were synced at or before the cursor; this pass wrote seqs above it.
      if (updated.length && cursor > 0) {
        await this.pinecone.deleteByFilter(namespace, { [PineconeKeys.documentId]: { $in: updated }, [PineconeKeys.seq]: { $lte: cursor } });
      }
      if (deleted.length) await this.pinecone.deleteByFilter(namespace, { [PineconeKeys.documentId]: { $in: deleted } });
    }
    return keywords;
  }

  /** The cursor for `space`; restarts at 0 when the index moved to another model. */
  private async cursor(space: Space): Promise<number> {
    await this.dataSource.query(`INSERT INTO retrieval.sync_cursors (name, seq, model) VALUES ($1, 0, $2) ON CONFLICT (name) DO NOTHING`, [
      CURSOR,
      space.model,
    ]);
    const [row]: Array<{ seq: string; model: string | null }> = await this.dataSource.query(`SELECT seq, model FROM retrieval.sync_cursors WHERE name = $1`, [
      CURSOR,
    ]);
    if (row.model === space.model) return Number(row.seq);
    this.logger.log(`index model is now ${space.model}: re-sending every chunk to Pinecone`);
    await this.dataSource.query(`UPDATE retrieval.sync_cursors SET seq = 0, model = $2 WHERE name = $1`, [CURSOR, space.model]);
    return 0;
  }

  /** Whether this replica is the one syncing: holds the session lock on a dedicated connection. */
  private async lead(): Promise<boolean> {
    if (this.lockHolder) return true;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext('retrieval.pinecone-sync')) AS locked`);
    if (!locked) {
      await runner.release();
      return false;
    }
    this.lockHolder = runner;
    return true;
  }

  private async releaseLock(): Promise<void> {
    const runner = this.lockHolder;
    this.lockHolder = undefined;
    if (!runner) return;
    await runner.query(`SELECT pg_advisory_unlock(hashtext('retrieval.pinecone-sync'))`).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}
