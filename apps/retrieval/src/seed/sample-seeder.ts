import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { DEFAULT_NAMESPACE } from '@eloquent/contracts';
import { loadMarkdownFolder } from '@eloquent/text';
import { DataSource } from 'typeorm';
import type { RetrievalConfig } from '../config';
import { IngestionService } from '../ingestion/ingestion.service';

/** One seed job per installation: BullMQ ignores a second add while the first is kept. */
const SEED_JOB_ID = 'seed-default';
/** Documents per job (the most one ingestion request may carry). */
const SEED_JOB_SIZE = 1000;

/**
 * First start: when the `default` namespace has never had a document, queues SEED_DIR for
 * ingestion, so a new installation answers at once. It goes through the ingestion queue like
 * any upload (so the embedding service may still be starting: the job retries with backoff);
 * an advisory lock keeps replicas from queueing it twice.
 */
@Injectable()
export class SampleSeeder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SampleSeeder.name);
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ingestion: IngestionService,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  onApplicationBootstrap(): void {
    const folder = this.config.SEED_DIR;
    if (!folder) return;
    this.running = this.seed(folder).catch((error: unknown) => this.logger.error({ err: error }, 'queueing the sample knowledge base failed'));
  }

  async onApplicationShutdown(): Promise<void> {
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
      if (articles.length === 0) return;
      for (let start = 0; start < articles.length; start += SEED_JOB_SIZE) {
        const documents = articles.slice(start, start + SEED_JOB_SIZE);
        await this.ingestion.enqueue({ namespace: DEFAULT_NAMESPACE, documents }, `${SEED_JOB_ID}-${start / SEED_JOB_SIZE}`);
      }
      this.logger.log(`queued ${articles.length} sample articles from ${folder}`);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
      await runner.release();
    }
  }
}
