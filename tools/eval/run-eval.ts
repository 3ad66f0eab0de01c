import type { BusClient } from '@eloquent/bus';
import { MAX_QUERY_CHARS, type SearchMode, Patterns } from '@eloquent/contracts';
import { ingestDocuments, type IngestSummary } from '../ingest/ingest-client';
import { loadBeir } from '@eloquent/testing';
import { aggregateByDocument, meanScores, percentile, type Ranking } from './metrics';

export interface EvalOptions {
  bus: BusClient;
  dataDir: string;
  split: string;
  modes: SearchMode[];
  /** A namespace of its own, so the corpus neither sees nor disturbs other documents. */
  namespace: string;
  /** Chunks asked per query (the contract's maximum is 100). */
  topK?: number;
  log?: (line: string) => void;
  /** A progress reporter per stage (ingestion, each mode's queries): `(done, total)`. */
  progress?: (stage: string) => (done: number, total: number) => void;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

export interface ModeResult {
  mode: SearchMode;
  queries: number;
  ndcg10: number;
  recall100: number;
  mrr10: number;
  /** `timingsMs.total` as the service reports it. */
  inService: Latency;
  /** Round trip as this client sees it: bus, queueing, JSON. */
  overBus: Latency;
  /** Answers that came back degraded (a leg missing). */
  degraded: number;
  runs: Map<string, Ranking>;
}

export interface EvalResult {
  documents: number;
  ingest: IngestSummary & { indexedSeconds: number; chunks: number };
  modes: ModeResult[];
}

const WARM_UP_QUERIES = 20;

/**
 * Evaluates retrieval on a BEIR dataset through the running services: ingests the corpus
 * through the ingestion queue (as uploads go), waits until the index serves all of it, then
 * asks every judged query through `retrieval.search` in each mode, one at a time, and scores
 * the document rankings (chunk hits aggregated by their best chunk).
 */
export async function runEval(options: EvalOptions): Promise<EvalResult> {
  const { bus, namespace } = options;
  const log = options.log ?? (() => undefined);
  const topK = options.topK ?? 100;
  const data = await loadBeir(options.dataDir, options.split);
  log(`${data.corpus.length} documents, ${data.queries.length} judged queries in split ${options.split}; namespace ${namespace}`);

  const documents = data.corpus.map((d) => ({ externalId: d._id, title: d.title.trim() || d._id, text: d.text.trim() || d.title.trim() || d._id }));
  const ingest = await ingestDocuments(bus, namespace, documents, { batchSize: 500, onProgress: options.progress?.('ingested') });
  const expected = ingest.counts.created + ingest.counts.updated + ingest.counts.unchanged;
  const indexed = await waitIndexed(bus, namespace, expected);
  log(
    `ingested in ${ingest.seconds.toFixed(1)} s through the queue (${ingest.counts.failed} failed); ` +
      `searchable after ${((ingest.seconds * 1000 + indexed.waitedMs) / 1000).toFixed(1)} s; ${indexed.chunks} chunks`,
  );

  const modes: ModeResult[] = [];
  for (const mode of options.modes) {
    for (let i = 0; i < WARM_UP_QUERIES; i++)
      await bus.request(Patterns.retrievalSearch, { query: `warm up query number ${i} ${mode}`, namespace, topK, mode });
    const inService: number[] = [];
    const overBus: number[] = [];
    const runs = new Map<string, Ranking>();
    let degraded = 0;
    const queried = options.progress?.(`${mode} queries`);
    for (const query of data.queries) {
      queried?.(runs.size, data.queries.length);
      const started = performance.now();
      const response = await bus.request(Patterns.retrievalSearch, { query: query.text.slice(0, MAX_QUERY_CHARS), namespace, topK, mode });
      overBus.push(performance.now() - started);
      inService.push(response.timingsMs.total);
      if (response.degraded) degraded++;
      runs.set(query._id, aggregateByDocument(response.chunks.map((c) => ({ documentId: c.externalId, score: c.score }))));
    }
    queried?.(data.queries.length, data.queries.length);
    modes.push({
      mode,
      queries: data.queries.length,
      ...meanScores(
        data.queries.map((q) => q._id),
        runs,
        data.qrels,
      ),
      inService: latency(inService),
      overBus: latency(overBus),
      degraded,
      runs,
    });
  }
  return { documents: data.corpus.length, ingest: { ...ingest, indexedSeconds: ingest.seconds + indexed.waitedMs / 1000, chunks: indexed.chunks }, modes };
}

/** Deletes every document of the namespace (after an evaluation), a few at a time. */
export async function dropNamespace(bus: BusClient, namespace: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const page = await bus.request(Patterns.retrievalList, { namespace, limit: 100 });
    if (page.documents.length === 0) return deleted;
    await Promise.all(page.documents.map((d) => bus.request(Patterns.retrievalDelete, { namespace, externalId: d.externalId })));
    deleted += page.documents.length;
  }
}

async function waitIndexed(bus: BusClient, namespace: string, documents: number): Promise<{ waitedMs: number; chunks: number }> {
  const started = performance.now();
  for (;;) {
    const stats = await bus.request(Patterns.retrievalStats, { namespace });
    if (stats.documents >= documents) return { waitedMs: performance.now() - started, chunks: stats.chunks };
    if (performance.now() - started > 120_000) throw new Error(`the index shows ${stats.documents} of ${documents} documents after 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function latency(values: number[]): Latency {
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)) };
}
