import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { IngestResponse } from '@eloquent/contracts';
import { REDIS_PREFIX, createRedis } from '@eloquent/redis';
import { Queue, Worker, type Job, type JobState, type JobsOptions } from 'bullmq';
import { createHash, randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { RetrievalConfig } from '../config';
import { ReembedJobProcessor, type ReembedJob } from './reembed-job.processor';
import type { Space } from '../vector-space/vector-space.service';
import { DocumentsJobProcessor } from './documents-job.processor';
import { CAPPED_BACKOFF, DOCUMENTS_JOB, INGEST_QUEUE, REEMBED_JOB, type DocumentsJob, type DocumentsJobData } from './ingest-job';
import { ingestJobs, watchQueue } from './ingest-metrics';

/**
 * The BullMQ queue (`<REDIS_PREFIX>bull:ingest:*`) and this replica's worker. Every replica
 * runs a worker; a job is processed by one of them. Jobs: `documents` (an ingestion batch)
 * and `reembed` (building a new vector space).
 */
@Injectable()
export class IngestQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestQueue.name);
  private readonly queueConnection: Redis;
  private readonly queue: Queue;
  private workerConnection?: Redis;
  private worker?: Worker;
  private unwatchQueue?: () => void;

  constructor(
    private readonly documentsJob: DocumentsJobProcessor,
    private readonly reembedJob: ReembedJobProcessor,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {
    this.queueConnection = createRedis(config.REDIS_URL, 'retrieval-ingest-queue');
    this.queue = new Queue(INGEST_QUEUE, { connection: this.queueConnection, prefix: this.bullPrefix });
  }

  /** BullMQ's keys live under the deployment's prefix like every other key. */
  private get bullPrefix(): string {
    return `${this.prefix}bull`;
  }

  onApplicationBootstrap(): void {
    // BullMQ's blocking reads need a connection that retries forever.
    this.workerConnection = createRedis(this.config.REDIS_URL, 'retrieval-ingest-worker', { maxRetriesPerRequest: null });
    this.worker = new Worker(INGEST_QUEUE, (job: Job) => this.process(job), {
      connection: this.workerConnection,
      prefix: this.bullPrefix,
      concurrency: this.config.INGEST_CONCURRENCY,
      settings: { backoffStrategy: (attemptsMade: number) => this.backoff(attemptsMade) },
    });
    this.worker.on('failed', (job, error) => {
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      ingestJobs.inc({ kind: job?.name === REEMBED_JOB ? REEMBED_JOB : DOCUMENTS_JOB, outcome: final ? 'failed' : 'retried' });
      this.logger.warn({ err: error, jobId: job?.id, attempts: job?.attemptsMade }, `${job?.name ?? 'ingest'} job attempt failed`);
    });
    this.worker.on('completed', (job) => ingestJobs.inc({ kind: job.name === REEMBED_JOB ? REEMBED_JOB : DOCUMENTS_JOB, outcome: 'completed' }));
    this.unwatchQueue = watchQueue(this.queue);
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'ingest worker error'));
  }

  async onApplicationShutdown(): Promise<void> {
    this.unwatchQueue?.();
    if (this.worker) {
      // Jobs cut short are picked up again (BullMQ stalled-job recovery); re-running them is harmless.
      const closed = this.worker.close();
      const grace = new Promise((resolve) => setTimeout(resolve, this.config.SHUTDOWN_GRACE_MS).unref());
      if ((await Promise.race([closed.then(() => true), grace])) !== true) await this.worker.close(true);
    }
    await this.queue.close();
    for (const connection of [this.workerConnection, this.queueConnection]) await connection?.quit().catch(() => connection.disconnect());
  }

  /** `jobId` (default: random) makes adding idempotent while a job with that id is kept. */
  async addDocuments(data: DocumentsJobData, jobId: string = randomUUID()): Promise<string> {
    const job = await this.queue.add(DOCUMENTS_JOB, data, {
      ...this.retention(),
      jobId,
      attempts: this.config.INGEST_ATTEMPTS,
      backoff: { type: CAPPED_BACKOFF },
    });
    return job.id!;
  }

  /** At most one job per target model: the id is derived from it, and finished jobs are removed so a later check can start another. */
  async addReembed(space: Space): Promise<void> {
    const jobId = `reembed-${createHash('sha1').update(space.model).digest('hex').slice(0, 16)}`;
    await this.queue.add(REEMBED_JOB, space, { jobId, attempts: 1, removeOnComplete: true, removeOnFail: true });
  }

  async getDocumentsJob(jobId: string): Promise<DocumentsJob | undefined> {
    const job = (await this.queue.getJob(jobId)) as DocumentsJob | undefined;
    return job?.name === DOCUMENTS_JOB ? job : undefined;
  }

  /**
   * A documents job with its state, the state read first: a job seen finished is read after it
   * finished, so its view has its end time and final counts (read the other way round, a job
   * finishing in between looked `completed` without them).
   */
  async getDocumentsJobInState(jobId: string): Promise<{ job: DocumentsJob; state: JobState | 'unknown' } | undefined> {
    const state = await this.queue.getJobState(jobId);
    const job = await this.getDocumentsJob(jobId);
    return job && { job, state };
  }

  private process(job: Job): Promise<IngestResponse | { switched: boolean; embedded: number }> {
    if (job.name === REEMBED_JOB) return this.reembedJob.process(job as ReembedJob);
    return this.documentsJob.process(job as DocumentsJob);
  }

  /** Exponential from INGEST_RETRY_DELAY_MS, capped, with ±25 % jitter so retries of many jobs spread out. */
  private backoff(attemptsMade: number): number {
    const ceiling = Math.min(this.config.INGEST_RETRY_MAX_DELAY_MS, this.config.INGEST_RETRY_DELAY_MS * 2 ** Math.max(0, attemptsMade - 1));
    return Math.round(ceiling * (0.75 + Math.random() * 0.5));
  }

  private retention(): Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> {
    const age = this.config.INGEST_JOB_RETENTION_S;
    return { removeOnComplete: { age }, removeOnFail: { age } };
  }
}
