import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { float32FromBytes } from '@eloquent/contracts';
import { DataSource } from 'typeorm';
import type { RetrievalConfig } from '../config';
import { IndexRegistry } from './index-registry';

interface ChangedDocument {
  id: string;
  namespace: string;
  external_id: string;
  title: string;
  url: string | null;
  metadata: Record<string, string | number | boolean>;
  deleted: boolean;
  seq: string;
}

interface StoredChunk {
  id: string;
  document_id: string;
  heading_path: string[];
  text: string;
  embedding: Buffer | null;
  embedding_model: string | null;
}

const PAGE = 1_000;

/**
 * Keeps this replica's in-memory indexes equal to Postgres: loads everything at boot,
 * then applies the change log (`documents.seq`) every INDEX_POLL_MS. Every replica runs
 * one, so all converge; a delete disappears from search within one poll.
 */
@Injectable()
export class IndexFollower implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IndexFollower.name);
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: IndexRegistry,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const started = Date.now();
    await this.catchUp();
    this.registry.loaded = true;
    const stats = this.registry.stats();
    this.logger.log(`index loaded: ${stats.documents} documents, ${stats.chunks} chunks in ${Date.now() - started} ms`);
    this.schedule();
  }

  onApplicationShutdown(): Promise<void> | undefined {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.polling;
  }

  /** Applies every change after the current index version. */
  async catchUp(): Promise<void> {
    for (;;) {
      const changes: ChangedDocument[] = await this.dataSource.query(
        `SELECT id, namespace, external_id, title, url, metadata, deleted, seq FROM retrieval.documents WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [this.registry.version, PAGE],
      );
      if (changes.length === 0) return;
      await this.apply(changes);
      this.registry.version = Number(changes[changes.length - 1].seq);
      if (changes.length < PAGE) return;
    }
  }

  private async apply(changes: ChangedDocument[]): Promise<void> {
    const live = changes.filter((d) => !d.deleted).map((d) => d.id);
    const chunks: StoredChunk[] = live.length
      ? await this.dataSource.query(
          `SELECT id, document_id, heading_path, text, embedding, embedding_model FROM retrieval.chunks WHERE document_id = ANY($1) ORDER BY document_id, ord`,
          [live],
        )
      : [];
    const byDocument = new Map<string, StoredChunk[]>();
    for (const chunk of chunks) byDocument.set(chunk.document_id, [...(byDocument.get(chunk.document_id) ?? []), chunk]);
    for (const document of changes) {
      const index = this.registry.getOrCreate(document.namespace);
      if (document.deleted) {
        index.removeDocument(document.id);
        continue;
      }
      index.putDocument(
        document.id,
        (byDocument.get(document.id) ?? []).map((c) => ({
          chunkId: c.id,
          documentId: document.id,
          externalId: document.external_id,
          title: document.title,
          url: document.url ?? undefined,
          headingPath: c.heading_path,
          text: c.text,
          metadata: document.metadata,
          vector: c.embedding ? float32FromBytes(c.embedding) : undefined,
          model: c.embedding_model ?? undefined,
        })),
      );
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.polling = this.catchUp()
        .catch((error: unknown) => this.logger.error({ err: error }, 'index catch-up failed; retrying'))
        .finally(() => {
          this.polling = undefined;
          if (this.timer) this.schedule();
        });
    }, this.config.INDEX_POLL_MS);
  }
}
