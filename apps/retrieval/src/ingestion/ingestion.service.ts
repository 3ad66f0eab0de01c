import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import {
  AppError,
  EnqueueRequestSchema,
  IngestJobRequestSchema,
  parseOrThrow,
  type EnqueueRequest,
  type EnqueueResponse,
  type IngestJobView,
  type IngestRequest,
  type IngestResponse,
} from '@eloquent/contracts';
import type { RetrievalConfig } from '../config';
import { progressOf, resultsOf, viewOf } from './ingest-job';
import { IngestQueue } from './ingest-queue';

const WAIT_POLL_MS = 50;

/** The one way documents get in: validated, queued, processed by a worker (DocumentsJobProcessor). */
@Injectable()
export class IngestionService {
  constructor(
    private readonly queue: IngestQueue,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  /** `jobId` only for internal callers that must not enqueue the same work twice (the seeder). */
  async enqueue(input: EnqueueRequest, jobId?: string): Promise<EnqueueResponse> {
    const request = parseOrThrow(EnqueueRequestSchema, input);
    const seen = new Set<string>();
    for (const { externalId } of request.documents) {
      if (seen.has(externalId)) throw new AppError('VALIDATION_FAILED', `Invalid request: documents: externalId ${externalId} appears twice`);
      seen.add(externalId);
    }
    return { jobId: await this.queue.addDocuments(request, jobId) };
  }

  async job(input: unknown): Promise<IngestJobView> {
    const { jobId } = parseOrThrow(IngestJobRequestSchema, input);
    const found = await this.queue.getDocumentsJobInState(jobId);
    if (!found) throw new AppError('NOT_FOUND', `No ingestion job ${jobId}`);
    return viewOf(found.job, found.state);
  }

  /**
   * `retrieval.ingest`: the queue path, waited for. For small batches (scripts, tests);
   * large uploads should enqueue and poll the job instead.
   */
  async ingestAndWait(input: IngestRequest): Promise<IngestResponse> {
    const { jobId } = await this.enqueue(input);
    const deadline = Date.now() + this.config.BUS_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const job = await this.queue.getDocumentsJob(jobId);
      const state = await job?.getState();
      if (job && state === 'completed') return job.returnvalue ?? { results: resultsOf(job, progressOf(job)) };
      if (job && state === 'failed') throw new AppError('RETRIEVAL_FAILED', `ingestion job ${jobId} failed: ${job.failedReason}`);
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
    throw new AppError('UPSTREAM_TIMEOUT', `ingestion job ${jobId} is still running; follow it with retrieval.job`, undefined, { jobId });
  }
}
