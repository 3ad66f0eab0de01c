/**
 * `npm run bench:retrieval [-- --data data/scifact --split train --copies 9]` (`--help`): search
 * latency at SciFact scale and at ~10× (the corpus ingested `--copies` times, ~50k chunks),
 * keyless. Starts the built stack on a database and Redis prefix of its own (retrieval and
 * embedding settings from this environment, as for `npm run eval -- --start`), ingests through
 * the ingestion queue, then asks every query once per mode, one at a time: latency inside the
 * service (`timingsMs.total`) and over the bus (what a caller sees), then once more for hybrid
 * (answered from the Redis cache). Reports the retrieval service's resident memory at each
 * stage. Figures go to docs/retrieval.md; the raw JSON to bench-results/retrieval.json.
 */
import type { BusClient } from '@eloquent/bus';
import type { DocumentInput, SearchMode } from '@eloquent/contracts';
import { loadBeir, startTestStack } from '@eloquent/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { datasetDir } from '../eval/datasets';
import { percentile } from '../eval/metrics';
import { residentMemoryMb } from '../eval/resident-memory';
import { connectBus } from '../ingest/bus';
import { ingestDocuments } from '../ingest/ingest-client';
import { cli, progress } from '@eloquent/cli';
import { Patterns } from '@eloquent/contracts';

const PASSED_SETTINGS = /^(BM25_|CHUNK_|FUSION|RRF_K|VECTOR_|HNSW_|SEARCH_CACHE|INGEST_|QUERY_EMBED|DETERMINISTIC_|EMBEDDING_|NODE_OPTIONS$)/;
const MODES: SearchMode[] = ['hybrid', 'bm25', 'vector'];

const ARGS = cli({
  usage: 'npm run bench:retrieval -- [options]',
  description: 'Search latency at SciFact scale and at ~10x, keyless, on a private built stack (data: data/scifact from `npm run data:scifact`, or --data).',
  options: {
    data: { type: 'string', description: 'a BEIR dataset folder (default: data/scifact)', hint: 'dir' },
    split: { type: 'string', description: 'the split whose queries to ask', default: 'train', hint: 'name' },
    copies: { type: 'string', description: 'extra copies of the corpus for the large scenario', default: '9', hint: 'n' },
  },
}).values;

interface Latencies {
  inService: { p50: number; p95: number; p99: number };
  overBus: { p50: number; p95: number; p99: number };
}

async function main(): Promise<void> {
  const dataDir = datasetDir(ARGS.data);
  const split = ARGS['split'];
  const copies = Number(ARGS['copies']);
  const data = await loadBeir(dataDir, split);
  const queries = data.queries.map((q) => q.text);
  const settings = Object.fromEntries(Object.entries(process.env).filter(([key]) => PASSED_SETTINGS.test(key)));

  console.log(`starting the stack (${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GB)…`);
  const stack = await startTestStack('benchret', { ...settings, LOG_LEVEL: 'warn' });
  const retrievalUrl = `http://127.0.0.1:${stack.stack.ports.retrieval}`;
  const bus = await connectBus('bench-retrieval', { prefix: stack.prefix });
  const results: Record<string, unknown> = { settings, cpus: cpus().length, queries: queries.length, idleRssMb: await residentMemoryMb(retrievalUrl) };
  try {
    const corpus = data.corpus.map((d) => ({ externalId: d._id, title: d.title.trim() || d._id, text: d.text.trim() || d.title }));
    results.scifact = await scenario(bus, retrievalUrl, 'bench-scifact', corpus, queries);

    // ~10×: the corpus again `copies` times, each copy's sentences rotated so copies are not identical.
    const large: DocumentInput[] = [];
    for (let copy = 1; copy <= copies; copy++) {
      for (const d of corpus) large.push({ externalId: `${copy}-${d.externalId}`, title: d.title, text: rotateSentences(d.text, copy) });
    }
    results.large = await scenario(bus, retrievalUrl, 'bench-large', large, queries);
  } finally {
    await bus.close();
    await stack.stop();
  }
  const outDir = resolve(__dirname, '../../../bench-results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'retrieval.json'), JSON.stringify(results, null, 2));
  console.log(`\nraw results: ${join(outDir, 'retrieval.json')}`);
}

async function scenario(
  bus: BusClient,
  retrievalUrl: string,
  namespace: string,
  documents: DocumentInput[],
  queries: string[],
): Promise<Record<string, unknown>> {
  console.log(`\n== ${namespace}: ${documents.length} documents`);
  const ingest = await ingestDocuments(bus, namespace, documents, { batchSize: 1000, onProgress: progress('  ingested') });
  const indexed = await waitForIndex(bus, namespace, documents.length - ingest.counts.failed);
  console.log(
    `ingested through the queue in ${ingest.seconds.toFixed(1)} s (${ingest.counts.failed} failed); searchable (${indexed.chunks} chunks, ${indexed.vectorIndex}) after ${(ingest.seconds + indexed.seconds).toFixed(1)} s`,
  );
  const rssAfterIngest = await residentMemoryMb(retrievalUrl);
  const latencies: Record<string, Latencies> = {};
  for (const mode of MODES) latencies[mode] = await measure(bus, namespace, queries, mode);
  latencies['hybrid (cached)'] = await measure(bus, namespace, queries, 'hybrid'); // the same queries again: cache hits
  const rssAfterQueries = await residentMemoryMb(retrievalUrl);
  console.log('mode               in-service ms p50 / p95 / p99     over the bus ms p50 / p95 / p99');
  for (const [mode, l] of Object.entries(latencies)) {
    console.log(
      `${mode.padEnd(18)} ${`${l.inService.p50} / ${l.inService.p95} / ${l.inService.p99}`.padEnd(33)} ${l.overBus.p50} / ${l.overBus.p95} / ${l.overBus.p99}`,
    );
  }
  console.log(`retrieval RSS: ${rssAfterIngest?.toFixed(0)} MB after ingestion, ${rssAfterQueries?.toFixed(0)} MB after the queries`);
  return {
    documents: documents.length,
    chunks: indexed.chunks,
    vectorIndex: indexed.vectorIndex,
    ingestSeconds: ingest.seconds,
    searchableSeconds: ingest.seconds + indexed.seconds,
    latencies,
    rssAfterIngest,
    rssAfterQueries,
  };
}

async function measure(bus: BusClient, namespace: string, queries: string[], mode: SearchMode): Promise<Latencies> {
  for (let i = 0; i < 20; i++) await bus.request(Patterns.retrievalSearch, { query: `warm up ${i} ${mode}`, namespace, topK: 10, mode });
  const inService: number[] = [];
  const overBus: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    const response = await bus.request(Patterns.retrievalSearch, { query: query.slice(0, 2000), namespace, topK: 10, mode });
    overBus.push(performance.now() - started);
    inService.push(response.timingsMs.total);
  }
  const summary = (values: number[]) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)) });
  return { inService: summary(inService), overBus: summary(overBus) };
}

async function waitForIndex(bus: BusClient, namespace: string, documents: number): Promise<{ seconds: number; chunks: number; vectorIndex?: string }> {
  const started = performance.now();
  for (;;) {
    const stats = await bus.request(Patterns.retrievalStats, { namespace });
    // A large namespace is searched once its HNSW graph is built (until then the exact scan answers).
    if (stats.documents >= documents && stats.vectorIndex !== 'building-hnsw')
      return { seconds: (performance.now() - started) / 1000, chunks: stats.chunks, vectorIndex: stats.vectorIndex };
    await new Promise((r) => setTimeout(r, 200));
  }
}

function rotateSentences(text: string, by: number): string {
  const sentences = text.split(/(?<=[.!?])\s+/);
  const k = by % sentences.length;
  return [...sentences.slice(k), ...sentences.slice(0, k)].join(' ');
}

const round = (value: number) => Math.round(value * 100) / 100;

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
