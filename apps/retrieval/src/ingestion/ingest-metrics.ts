import { counter, scrapedGauge } from '@eloquent/observability';
import type { Queue } from 'bullmq';
import { DOCUMENTS_JOB, REEMBED_JOB } from './ingest-job';

/** Job counts per queue and state, read from Redis at scrape time (every replica reports the same shared queue). */
const queueJobs = scrapedGauge({
  name: 'eloquent_queue_jobs',
  help: 'BullMQ jobs per queue and state (waiting, active, delayed, failed, completed), read at scrape time',
  labelNames: ['queue', 'state'],
});

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Reports `queue`'s job counts on every scrape; returns the function that stops it. */
export function watchQueue(queue: Queue): () => void {
  return queueJobs.add(async (metric) => {
    const counts = await queue.getJobCounts(...QUEUE_STATES);
    for (const state of QUEUE_STATES) metric.set({ queue: queue.name, state }, counts[state] ?? 0);
  });
}

/**
 * Job attempts this replica's worker finished, by job name and outcome: `completed`,
 * `retried` (an attempt failed, another will run), `failed` (no attempts left).
 */
export const ingestJobs = counter({
  name: 'eloquent_ingest_jobs_total',
  help: 'Ingest job attempts finished by this worker, by kind (the job name) and outcome (completed, retried, failed)',
  labelNames: ['kind', 'outcome'],
});
for (const kind of [DOCUMENTS_JOB, REEMBED_JOB]) for (const outcome of ['completed', 'retried', 'failed']) ingestJobs.inc({ kind, outcome }, 0);
