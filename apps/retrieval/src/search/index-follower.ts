import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { float32FromBytes } from '@eloquent/contracts';
import { PeriodicTask } from '@eloquent/runtime';
import { DataSource } from 'typeorm';
import { changeLogPollMs, type RetrievalConfig } from '../config';
import { ChangeListener } from '../change-log/change-listener';
import type { AdaptiveVectorIndex } from '../index/adaptive-vector-index';
import { toState, VectorSpaceService, type Space, type VectorSpaceRow } from '../vector-space/vector-space.service';
import { IndexSnapshots } from './index-snapshots';
import { IndexRegistry } from '../local-index/index-registry';
import type { ChunkToIndex, NamespaceIndex } from '../local-index/namespace-index';
import type { ChangedDocument, StoredChunk } from '../documents/change-log.rows';

const PAGE = 1_000;
const VECTOR_PAGE = 5_000;

/**
 * Keeps this replica's in-memory indexes equal to Postgres: loads everything at boot,
 * then applies the change log (`documents.seq`) whenever Postgres announces a committed
 * change (ChangeListener), and on a slow poll in case one goes unheard (every
 * INDEX_POLL_MS instead with INDEX_NOTIFY=off). Every replica runs one, so all converge; a
 * delete disappears from search as soon as each replica has read it. It also follows
 * the vector space: when a re-embedding job switches the index to a new model, it loads
 * the new vectors beside the old ones and swaps them in at once, searches answering
 * from the old ones meanwhile.
 */
@Injectable()
export class IndexFollower implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IndexFollower.name);
  private readonly polling: PeriodicTask;
  private snapshotVersion = 0;
  /** How this replica's index was built at boot: from a snapshot (its path and seq) or from every row. */
  boot?: { snapshot?: string; snapshotVersion?: number; ms: number };
  private snapshotDueAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: IndexRegistry,
    private readonly vectorSpaces: VectorSpaceService,
    private readonly snapshots: IndexSnapshots,
    changes: ChangeListener,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {
    // Snapshots are written between catch-ups, never during one, so each reflects exactly its seq.
    this.polling = new PeriodicTask(
      async () => {
        await this.catchUp();
        await this.maybeSnapshot();
      },
      changeLogPollMs(config),
      (error) => this.logger.error({ err: error }, 'index catch-up failed; retrying'),
    );
    changes.subscribe(() => this.polling.wake());
  }

  async onModuleInit(): Promise<void> {
    const started = Date.now();
    if (this.config.INDEX_MODE === 'stateless') {
      // Nothing per chunk to load: the keyword and vector legs are remote; only the space is followed.
      await this.catchUp();
      this.registry.loaded = true;
      this.boot = { ms: Date.now() - started };
      this.logger.log(`stateless index mode: no chunks loaded (search runs in ${this.config.VECTOR_BACKEND}); ready in ${this.boot.ms} ms`);
      this.polling.start();
      return;
    }
    const snapshot = this.snapshots.enabled ? this.snapshots.load() : undefined;
    if (snapshot) {
      this.registry.restore(snapshot.version, snapshot.space, snapshot.namespaces);
      this.snapshotVersion = snapshot.version;
      this.logger.log(`index snapshot ${snapshot.path} loaded in ${Date.now() - started} ms; catching up from seq ${snapshot.version}`);
    }
    await this.catchUp();
    this.registry.loaded = true;
    this.boot = { ...(snapshot ? { snapshot: snapshot.path, snapshotVersion: snapshot.version } : {}), ms: Date.now() - started };
    const stats = this.registry.stats();
    this.logger.log(`index loaded: ${stats.documents} documents, ${stats.chunks} chunks in ${Date.now() - started} ms`);
    this.polling.start();
  }

  /** Writes a snapshot when the index moved past the last one (after boot, then every INDEX_SNAPSHOT_INTERVAL_S). */
  async maybeSnapshot(force = false): Promise<void> {
    if (!this.snapshots.enabled || this.registry.version === 0) return;
    if (!force && (this.registry.version <= Math.max(this.snapshotVersion, this.snapshots.newestVersion()) || Date.now() < this.snapshotDueAt)) return;
    const started = Date.now();
    let path: string;
    try {
      path = await this.snapshots.write();
    } catch (error) {
      this.logger.error({ err: error }, 'index snapshot failed; next attempt in a minute');
      this.snapshotDueAt = Date.now() + 60_000;
      return;
    }
    this.snapshotVersion = this.registry.version;
    const interval = this.config.INDEX_SNAPSHOT_INTERVAL_S;
    this.snapshotDueAt = interval > 0 ? Date.now() + interval * 1000 : Number.POSITIVE_INFINITY;
    this.logger.log(`index snapshot ${path} written in ${Date.now() - started} ms`);
  }

  onApplicationShutdown(): Promise<void> {
    return this.polling.stop();
  }

  /** Applies a vector-space switch, then every change after the current index version. */
  async catchUp(): Promise<void> {
    if (this.config.INDEX_MODE === 'stateless') return this.followSpace();
    for (;;) {
      // The changes and the vector space in one statement (one snapshot): a space bound in the same
      // transaction as the changes is visible with them. One round trip per catch-up, not two: with
      // INDEX_NOTIFY=off the poll runs every INDEX_POLL_MS on every replica, idle or not
      // (docs/performance.md, "Idle CPU").
      const rows: Array<ChangedDocument & VectorSpaceRow> = await this.dataSource.query(
        `SELECT d.id, d.namespace, d.external_id, d.title, d.url, d.metadata, d.deleted, d.seq,
                s.active_model, s.active_dims, s.target_model, s.target_dims
         FROM (SELECT 1) AS one
         LEFT JOIN retrieval.vector_space s ON s.id = 1
         LEFT JOIN LATERAL (
           SELECT id, namespace, external_id, title, url, metadata, deleted, seq FROM retrieval.documents WHERE seq > $1 ORDER BY seq LIMIT $2
         ) d ON true
         ORDER BY d.seq`,
        [this.registry.version, PAGE],
      );
      // Without changes, one row whose document columns are null.
      const changes: ChangedDocument[] = rows[0]?.id === null || rows[0]?.id === undefined ? [] : rows;
      const state = toState(rows[0]);
      this.registry.targetModel = state.target?.model;
      if (state.active && state.active.model !== this.registry.space?.model) await this.switchSpace(state.active);
      if (changes.length === 0) return;
      await this.apply(changes);
      this.registry.version = Number(changes[changes.length - 1].seq);
      if (changes.length < PAGE) return;
    }
  }

  /** The vector-space part of a catch-up alone (stateless mode: search embeds queries in the active model). */
  private async followSpace(): Promise<void> {
    const state = await this.vectorSpaces.read();
    this.registry.targetModel = state.target?.model;
    if (state.active && state.active.model !== this.registry.space?.model) await this.switchSpace(state.active);
  }

  private async apply(changes: ChangedDocument[]): Promise<void> {
    const live = changes.filter((d) => !d.deleted).map((d) => d.id);
    const model = this.registry.holdsVectors ? this.registry.space?.model : undefined;
    const chunks: StoredChunk[] = live.length
      ? await this.dataSource.query(
          `SELECT c.id, c.document_id, c.heading_path, c.text, ${model ? 'v.embedding' : 'NULL AS embedding'}
           FROM retrieval.chunks c ${model ? 'LEFT JOIN retrieval.chunk_vectors v ON v.chunk_id = c.id AND v.model = $2' : ''}
           WHERE c.document_id = ANY($1::uuid[]) ORDER BY c.document_id, c.ord`,
          model ? [live, model] : [live],
        )
      : [];
    const byDocument = new Map<string, StoredChunk[]>();
    for (const chunk of chunks) {
      const list = byDocument.get(chunk.document_id);
      if (list) list.push(chunk);
      else byDocument.set(chunk.document_id, [chunk]);
    }
    // A page holds each document once (its latest row), so its puts can go in per namespace as one
    // batch: the graph then inserts the page's vectors on every core.
    const puts = new Map<NamespaceIndex, Array<{ documentId: string; chunks: ChunkToIndex[] }>>();
    for (const document of changes) {
      const index = this.registry.getOrCreate(document.namespace);
      index.version = Number(document.seq);
      if (document.deleted) {
        index.removeDocument(document.id);
        continue;
      }
      let batch = puts.get(index);
      if (!batch) puts.set(index, (batch = []));
      batch.push({
        documentId: document.id,
        chunks: (byDocument.get(document.id) ?? []).map((c) => ({
          chunkId: c.id,
          title: document.title,
          headingPath: c.heading_path,
          text: c.text,
          metadata: document.metadata,
          vector: c.embedding ? float32FromBytes(c.embedding) : undefined,
        })),
      });
    }
    for (const [index, batch] of puts) index.putDocuments(batch);
  }

  /** Loads every indexed chunk's vector in `space` into new indexes, then swaps them in. */
  private async switchSpace(space: Space): Promise<void> {
    const previous = this.registry.space?.model;
    const vectors = new Map<string, AdaptiveVectorIndex>();
    if (this.registry.holdsVectors) {
      let after = '';
      for (;;) {
        const rows: Array<{ chunk_id: string; namespace: string; embedding: Buffer }> = await this.dataSource.query(
          `SELECT v.chunk_id, d.namespace, v.embedding FROM retrieval.chunk_vectors v
           JOIN retrieval.chunks c ON c.id = v.chunk_id JOIN retrieval.documents d ON d.id = c.document_id
           WHERE v.model = $1 AND v.chunk_id > $2 ORDER BY v.chunk_id LIMIT $3`,
          [space.model, after, VECTOR_PAGE],
        );
        for (const row of rows) {
          // Chunks this replica has not applied yet get their vectors when their change is applied.
          if (!this.registry.get(row.namespace)?.hasChunk(row.chunk_id)) continue;
          let index = vectors.get(row.namespace);
          if (!index) vectors.set(row.namespace, (index = this.registry.newVectorIndex(space.dims)));
          index.add(row.chunk_id, float32FromBytes(row.embedding));
        }
        if (rows.length < VECTOR_PAGE) break;
        after = rows[rows.length - 1].chunk_id;
      }
    }
    this.registry.switchSpace(space, vectors);
    if (previous) this.logger.log(`vector space switched from ${previous} to ${space.model}`);
  }
}
