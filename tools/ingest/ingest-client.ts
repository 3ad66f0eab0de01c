import type { BusClient } from '@eloquent/bus';
import type { DocumentInput, IngestJobView } from '@eloquent/contracts';
import { Patterns } from '@eloquent/contracts';

export interface IngestSummary {
  jobs: number;
  counts: IngestJobView['counts'];
  errors: IngestJobView['errors'];
  seconds: number;
}

/**
 * Sends documents through the ingestion queue (`retrieval.enqueue`, `batchSize` per job) and
 * follows every job (`retrieval.job`) until all have ended — the path uploads take.
 */
export async function ingestDocuments(
  bus: BusClient,
  namespace: string,
  documents: DocumentInput[],
  options: { batchSize?: number; pollMs?: number; onProgress?: (processed: number, total: number) => void } = {},
): Promise<IngestSummary> {
  const started = performance.now();
  const batchSize = Math.min(options.batchSize ?? 500, 1000);
  const jobIds: string[] = [];
  for (let start = 0; start < documents.length; start += batchSize) {
    const { jobId } = await bus.request(Patterns.retrievalEnqueue, { namespace, documents: documents.slice(start, start + batchSize) });
    jobIds.push(jobId);
  }
  const views = new Map<string, IngestJobView>();
  for (;;) {
    for (const jobId of jobIds) {
      const known = views.get(jobId);
      if (known?.state === 'completed' || known?.state === 'failed') continue;
      views.set(jobId, await bus.request(Patterns.retrievalJob, { jobId }));
    }
    const all = [...views.values()];
    options.onProgress?.(
      all.reduce((sum, v) => sum + v.processed, 0),
      documents.length,
    );
    if (all.every((v) => v.state === 'completed' || v.state === 'failed')) break;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
  const all = [...views.values()];
  const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const view of all) for (const key of Object.keys(counts) as Array<keyof typeof counts>) counts[key] += view.counts[key];
  const errors = all.flatMap((v) => (v.state === 'failed' ? [{ externalId: `(job ${v.jobId})`, error: v.error ?? 'failed' }] : v.errors));
  return { jobs: jobIds.length, counts, errors, seconds: (performance.now() - started) / 1000 };
}
