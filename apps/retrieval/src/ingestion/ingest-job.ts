import type { IngestJobState, IngestJobView, IngestOutcome, IngestResponse } from '@eloquent/contracts';
import type { Job, JobState } from 'bullmq';
import type { ValidDocument } from '../documents/documents.service';

export const INGEST_QUEUE = 'ingest';
/** Job names on the ingest queue. */
export const DOCUMENTS_JOB = 'documents';
export const REEMBED_JOB = 'reembed';
/** The backoff strategy registered on the worker (see IngestQueue). */
export const CAPPED_BACKOFF = 'capped-exponential';

export interface DocumentsJobData {
  namespace: string;
  /** Emptied once the job is done (kept jobs should not hold whole documents in Redis); `externalIds` remain. */
  documents: ValidDocument[];
  externalIds?: string[];
}

/**
 * Saved as the job's BullMQ progress after every batch, so it survives retries and restarts:
 * each document's outcome (null until it has one), its chunk count and its last error.
 */
export interface DocumentsJobProgress {
  outcomes: Array<IngestOutcome | null>;
  chunks: number[];
  errors: Record<number, string>;
  /** Documents that failed transiently on the last attempt, retried on the next. */
  pending?: number[];
}

export type DocumentsJob = Job<DocumentsJobData, IngestResponse, typeof DOCUMENTS_JOB>;

export function initialProgress(total: number): DocumentsJobProgress {
  return { outcomes: new Array<IngestOutcome | null>(total).fill(null), chunks: new Array<number>(total).fill(0), errors: {} };
}

export function externalIdsOf(job: DocumentsJob): string[] {
  return job.data.externalIds ?? job.data.documents.map((d) => d.externalId);
}

export function progressOf(job: DocumentsJob): DocumentsJobProgress {
  const progress = job.progress as DocumentsJobProgress | number;
  return typeof progress === 'object' && Array.isArray(progress.outcomes) ? progress : initialProgress(externalIdsOf(job).length);
}

/** The per-document results of a job, in request order. */
export function resultsOf(job: DocumentsJob, progress: DocumentsJobProgress): IngestResponse['results'] {
  return externalIdsOf(job).map((externalId, i) => {
    const outcome = progress.outcomes[i] ?? 'failed';
    return {
      externalId,
      outcome,
      ...(outcome === 'failed' ? { error: progress.errors[i] ?? 'not processed' } : { chunks: progress.chunks[i] }),
    };
  });
}

/** The job as its owner sees it, in `state` (read before the job's fields: IngestQueue.getDocumentsJobInState). */
export function viewOf(job: DocumentsJob, state: JobState | 'unknown'): IngestJobView {
  const progress = progressOf(job);
  const externalIds = externalIdsOf(job);
  const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const errors: IngestJobView['errors'] = [];
  progress.outcomes.forEach((outcome, i) => {
    if (outcome === null) return;
    counts[outcome]++;
    if (outcome === 'failed') errors.push({ externalId: externalIds[i], error: progress.errors[i] ?? 'failed' });
  });
  return {
    jobId: job.id!,
    namespace: job.data.namespace,
    state: publicState(state, job),
    total: externalIds.length,
    processed: progress.outcomes.filter((o) => o !== null).length,
    counts,
    errors,
    attempts: job.attemptsStarted,
    ...(state === 'failed' && job.failedReason ? { error: job.failedReason } : {}),
    createdAt: new Date(job.timestamp).toISOString(),
    ...(job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
  };
}

function publicState(state: JobState | 'unknown', job: DocumentsJob): IngestJobState {
  switch (state) {
    case 'active':
      return 'active';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'delayed':
      return job.attemptsMade > 0 ? 'retrying' : 'queued';
    default:
      return 'queued';
  }
}
