/**
 * `npm run bench:keyword-leg -- --chunks N [--data data/scifact] [--queries 809] [--top-k 100]`:
 * the in-memory BM25 leg alone at N chunks, in one process, with and without block-max pruning
 * (docs/retrieval.md, "Keyword leg at scale"). SciFact's corpus plus synthetic documents made
 * of its recombined sentences (libs/testing/src/synthetic-corpus.ts, as `bench:scale` loads
 * them) are chunked with the service's chunker and settings (this environment's BM25_* and
 * CHUNK_*), added to a `Bm25Index`, then each SciFact train query is searched for the fusion
 * depth (`--top-k`, default FUSION_DEPTH) three ways, interleaved: as the service does (`auto`,
 * the size rule), always pruned, always exhaustive. Prints build time, heap and RSS, latency
 * p50/p95/p99 of each way, the posting entries each visits, and whether all returned the same
 * hits for every query. Raw JSON (with per-query postings and CPU times, to calibrate the size
 * rule): bench-results/keyword-leg-<N>.json.
 *
 * It measures what `bench:scale`'s "bm25 in service" latency is made of without loading a
 * database and an embedding service first (hours at a million chunks on 2 cores).
 */
import { cli, integerOption, numberOption } from '@eloquent/cli';
import { loadBeir, REPO_ROOT, syntheticDocuments } from '@eloquent/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bm25Options, loadRetrievalConfig } from '../src/config';
import { Bm25Index, MIN_POSTINGS_TO_PRUNE } from '../src/index/bm25-index';
import { chunkMarkdown } from '../src/index/chunker';

const ARGS = cli({
  usage: 'npm run bench:keyword-leg -- --chunks N [options]',
  description:
    'The in-memory BM25 leg alone at N chunks (SciFact plus synthetic documents), in one process: each SciFact train query searched as the service does (size rule), pruned and exhaustive; no database needed. Raw JSON: bench-results/keyword-leg-<N>.json.',
  options: {
    chunks: { type: 'string', description: 'chunks to index (SciFact, then synthetic documents)', default: '200000', hint: 'n' },
    data: { type: 'string', description: 'the BEIR dataset (relative to the repository)', default: 'data/scifact', hint: 'dir' },
    queries: { type: 'string', description: 'the first n train queries (default: all of them)', hint: 'n' },
    'top-k': { type: 'string', description: "hits per search (default: this environment's FUSION_DEPTH)", hint: 'n' },
  },
}).values;

function percentiles(values: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => Number(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)].toFixed(3));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

async function main(): Promise<void> {
  const chunkTarget = integerOption('chunks', ARGS.chunks, 1);
  const config = loadRetrievalConfig(process.env);
  const topK = ARGS['top-k'] === undefined ? config.FUSION_DEPTH : numberOption('top-k', ARGS['top-k']);
  const data = await loadBeir(resolve(REPO_ROOT, ARGS.data), 'train');
  const queries = data.queries.slice(0, ARGS.queries === undefined ? undefined : numberOption('queries', ARGS.queries)).map((q) => q.text);
  const chunking = { maxTokens: config.CHUNK_MAX_TOKENS, overlapTokens: config.CHUNK_OVERLAP_TOKENS };
  const index = new Bm25Index(bm25Options(config));

  // SciFact first, then synthetic documents, every chunk indexed as the service indexes it.
  const started = performance.now();
  const documents = [...data.corpus];
  const synthetic = syntheticDocuments(data.corpus);
  let chunks = 0;
  while (chunks < chunkTarget) {
    const document = documents.shift() ?? synthetic.next().value;
    for (const chunk of chunkMarkdown({ title: document.title, text: document.text }, chunking)) {
      if (chunks === chunkTarget) break;
      index.add(`${document._id}#${chunk.ord}`, { title: document.title, headingPath: chunk.headingPath, text: chunk.text });
      chunks++;
    }
  }
  const buildMs = performance.now() - started;
  global.gc?.();
  const memory = process.memoryUsage();
  console.log(
    `keyword leg — ${chunks} chunks built in ${(buildMs / 1000).toFixed(1)} s; heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB, RSS ${(memory.rss / 2 ** 20).toFixed(0)} MB`,
  );

  // Warm up every way, then measure them interleaved query by query (same load, rotated order):
  // `auto` is what the service does (the size rule picks one of the other two per query).
  const ways = ['auto', 'pruned', 'exhaustive'] as const;
  const scoringOf = (way: (typeof ways)[number]) => (way === 'auto' ? {} : { scoring: way });
  for (const query of queries.slice(0, 50)) for (const way of ways) index.search(query, topK, undefined, scoringOf(way));
  // Wall time, and the process's CPU time (robust to other work sharing the cores, docs/retrieval.md).
  const timings = { auto: [] as number[], pruned: [] as number[], exhaustive: [] as number[] };
  const cpuTimes = { auto: [] as number[], pruned: [] as number[], exhaustive: [] as number[] };
  const visited = { auto: 0, pruned: 0, exhaustive: 0 };
  /** Per query: its lists' postings and each way's CPU ms, to calibrate the size rule (MIN_POSTINGS_TO_PRUNE). */
  const perQuery: Array<{ postings: number; cpuMs: Record<string, number> }> = [];
  let sameHits = 0;
  for (const [q, query] of queries.entries()) {
    const results: Record<string, string> = {};
    const cpuMs: Record<string, number> = {};
    let postings = 0;
    // Each way goes first for a third of the queries: the first to read a query's lists pays their cache misses.
    for (const way of [...ways.slice(q % 3), ...ways.slice(0, q % 3)]) {
      const before = index.postingsVisited;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const hits = index.search(query, topK, undefined, scoringOf(way));
      timings[way].push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      cpuTimes[way].push((cpu.user + cpu.system) / 1000);
      cpuMs[way] = (cpu.user + cpu.system) / 1000;
      visited[way] += index.postingsVisited - before;
      if (way === 'exhaustive') postings = index.postingsVisited - before;
      results[way] = JSON.stringify(hits);
    }
    perQuery.push({ postings, cpuMs });
    if (results.pruned === results.exhaustive && results.auto === results.exhaustive) sameHits++;
  }

  const perWay = <T>(f: (way: (typeof ways)[number]) => T) => Object.fromEntries(ways.map((way) => [way, f(way)])) as Record<(typeof ways)[number], T>;
  const result = {
    chunks,
    topK,
    queries: queries.length,
    buildMs: Math.round(buildMs),
    heapMb: Math.round(memory.heapUsed / 2 ** 20),
    rssMb: Math.round(memory.rss / 2 ** 20),
    bm25Bytes: index.memoryBytes(),
    latencyMs: perWay((way) => percentiles(timings[way])),
    cpuMs: perWay((way) => percentiles(cpuTimes[way])),
    loadAverage: loadavg()[0],
    postingsVisitedPerQuery: perWay((way) => Math.round(visited[way] / queries.length)),
    sameHits: `${sameHits}/${queries.length}`,
    settings: { ...bm25Options(config), chunking, minPostingsToPrune: MIN_POSTINGS_TO_PRUNE },
    perQuery,
  };
  for (const way of ways) {
    const { p50, p95, p99 } = result.latencyMs[way];
    const cpu = result.cpuMs[way];
    console.log(
      `  ${way.padEnd(10)} p50 ${p50} / p95 ${p95} / p99 ${p99} ms (CPU ${cpu.p50} / ${cpu.p95} / ${cpu.p99} ms), ${result.postingsVisitedPerQuery[way]} postings per query`,
    );
  }
  console.log(`  same hits (ids and scores) in every way for ${result.sameHits} queries, top ${topK}; load average ${result.loadAverage.toFixed(1)}`);
  const outDir = join(REPO_ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `keyword-leg-${chunks}.json`), `${JSON.stringify(result, null, 2)}\n`);
  if (sameHits !== queries.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
