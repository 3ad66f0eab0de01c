import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { DEFAULT_NAMESPACE } from '@eloquent/contracts';
import { loadMarkdownFolder } from '@eloquent/text';
import { DataSource } from 'typeorm';
import type { RetrievalConfig } from '../config';
import { DocumentsService } from '../documents/documents.service';

const MAX_ATTEMPTS = 30;

/**
 * First start: when the `default` namespace is empty, loads SEED_DIR into it, so a new
 * installation answers at once. Runs in the background (the embedding service may still
 * be starting) and retries until every article is in; an advisory lock keeps replicas
 * from seeding twice.
 */
@Injectable()
export class SampleSeeder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SampleSeeder.name);
  private stopped = false;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly documents: DocumentsService,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  onApplicationBootstrap(): void {
    const folder = this.config.SEED_DIR;
    if (!folder) return;
    this.running = this.seed(folder).catch((error: unknown) => this.logger.error({ err: error }, 'loading the sample knowledge base failed'));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async seed(folder: string): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext('retrieval.seed')) AS locked`);
      if (!locked) return;
      const [{ count }] = await runner.query(`SELECT count(*)::int AS count FROM retrieval.documents WHERE namespace = $1`, [DEFAULT_NAMESPACE]);
      if (count > 0) return;
      const articles = await loadMarkdownFolder(folder);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS && !this.stopped; attempt++) {
        const { results } = await this.documents.ingest({ namespace: DEFAULT_NAMESPACE, documents: articles });
        const failed = results.filter((r) => r.outcome === 'failed');
        if (failed.length === 0) {
          this.logger.log(`loaded ${articles.length} sample articles from ${folder}`);
          return;
        }
        this.logger.warn(`sample load attempt ${attempt}: ${failed.length} articles failed (${failed[0].error}); retrying`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * attempt, 5_000)));
      }
    } finally {
      await runner.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      await runner.release();
    }
  }
}
