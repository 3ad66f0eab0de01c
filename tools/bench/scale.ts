/**
 * `npm run bench:scale -- --chunks N [--data data/scifact] [--split train] [--queries 809] [--ready-timeout-min 30]`:
 * retrieval at N chunks on one replica, keyless. SciFact's corpus plus synthetic documents made
 * of its recombined sentences (libs/testing/src/synthetic-corpus.ts) up to N chunks are written
 * straight into a fresh database (bulk, not through the queue); then:
 *   1. a retrieval replica builds its index from Postgres (build time: until the HNSW graph is
 *      built) and writes a snapshot (INDEX_SNAPSHOT_DIR);
 *   2. a second replica boots from that snapshot (boot time: start to ready);
 *   3. the SciFact train queries, one at a time, topK 10, in hybrid and bm25 modes: latency in
 *      the service (`timingsMs.total`, and per phase: embed, bm25, vector, fusion, texts) and
 *      over the bus, and nDCG@10 against SciFact's
 *      judgements with the synthetic documents mixed in (all of them non-relevant).
 * `--keep` keeps the loaded database (its URL is printed, for `--database-url`); `--snapshot-dir D`
 * keeps the snapshot in D, and a later run given a D that holds one skips step 1 (no rebuild):
 * how the query phase is re-run, build against build, on the same corpus and graph.
 * Resident memory (no heap cap) and GC pauses during each mode's queries from the replica's /metrics. Retrieval and embedding settings
 * come from this environment. Raw JSON: bench-results/scale-<N>.json.
 */
import type { BusClient } from '@eloquent/bus';
import type { SearchMode } from '@eloquent/contracts';
import {
  createTestDatabase,
  createTestRedisPrefix,
  loadBeir,
  REPO_ROOT,
  startServiceProcess,
  syntheticDocuments,
  TEST_REDIS_URL,
  waitFor,
  type BeirDataset,
  type ExtraService,
} from '@eloquent/testing';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { aggregateByDocument, ndcgAt, percentile } from '../eval/metrics';
import { residentMemoryMb } from '../eval/resident-memory';
import { connectBus } from '../ingest/bus';
import { gcPauses, gcPausesBetween, type GcPauses } from './scale/gc-pauses';
import { indexDetails } from './scale/index-details';
import { Patterns } from '@eloquent/contracts';
import { cli, integerOption, numberOption } from '@eloquent/cli';

const PASSED_SETTINGS = /^(BM25_|CHUNK_|FUSION|RRF_K|VECTOR_|HNSW_|QUERY_EMBED|DETERMINISTIC_|EMBEDDING_|INDEX_POLL_MS$|NODE_OPTIONS$)/;
const NAMESPACE = 'scale';
const MODES: SearchMode[] = ['hybrid', 'bm25'];
const ARGS = cli({
  usage: 'npm run bench:scale -- --chunks N [options]',
  description:
    'Retrieval at N chunks on one replica, keyless: SciFact plus synthetic documents bulk-loaded into a fresh database; build from Postgres, snapshot boot, memory, latency and nDCG@10 per mode. Raw JSON: bench-results/scale-<N>.json.',
  options: {
    chunks: { type: 'string', description: 'chunks to load (SciFact, then synthetic documents)', default: '200000', hint: 'n' },
    data: { type: 'string', description: 'the BEIR dataset (relative to the repository)', default: 'data/scifact', hint: 'dir' },
    split: { type: 'string', description: 'the split whose queries are asked', default: 'train', hint: 'name' },
    queries: { type: 'string', description: 'the first n queries of the split (default: all of them)', hint: 'n' },
    'ready-timeout-min': { type: 'string', description: 'how long a service may take to get ready (a guard against hangs)', default: '30', hint: 'min' },
    keep: { type: 'boolean', description: 'keep the loaded database (its URL is printed, for --database-url)' },
    'database-url': { type: 'string', description: 'measure a database an earlier run loaded (--keep) instead of loading one', hint: 'url' },
    'snapshot-dir': { type: 'string', description: 'keep the snapshot in this folder; a run given one that holds a snapshot skips the rebuild', hint: 'dir' },
  },
}).values;
/**
 * A guard against hangs (`--ready-timeout-min`, default 30): a replica rebuilding a million
 * chunks from Postgres takes most of an hour on 2 cores.
 */
const READY_TIMEOUT_MS = numberOption('ready-timeout-min', ARGS['ready-timeout-min']) * 60_000;

type Percentiles = { p50: number; p95: number; p99: number };

async function main(): Promise<void> {
  const chunkTarget = integerOption('chunks', ARGS.chunks, 1);
  const dataDir = resolve(REPO_ROOT, ARGS.data);
  const data = await loadBeir(dataDir, ARGS.split);
  const queries = data.queries.slice(0, ARGS.queries === undefined ? undefined : numberOption('queries', ARGS.queries));
  const settings = Object.fromEntries(Object.entries(process.env).filter(([key]) => PASSED_SETTINGS.test(key)));
  console.log(`bench:scale — ${chunkTarget} chunks, ${queries.length} queries (${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GB)`);

  // --database-url: measure a database an earlier run loaded (kept, not dropped) instead of loading a new one.
  const reuse = ARGS['database-url'];
  const created = reuse ? undefined : await createTestDatabase('benchscale');
  const keep = ARGS.keep;
  const database = created && !keep ? created : { url: reuse ?? created!.url, drop: async () => undefined };
  if (keep && created) console.log(`keeping the database: --database-url ${created.url}`);
  const redis = createTestRedisPrefix('benchscale');
  const keptSnapshots = ARGS['snapshot-dir'] === undefined ? undefined : resolve(ARGS['snapshot-dir']);
  if (keptSnapshots) mkdirSync(keptSnapshots, { recursive: true });
  const snapshotDir = keptSnapshots ?? mkdtempSync(join(tmpdir(), 'eloquent-scale-snapshots-'));
  const hasSnapshot = () => readdirSync(snapshotDir).some((name) => /^snapshot-\d+$/.test(name));
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redis.prefix,
    SEARCH_CACHE_TTL_S: '0',
    REEMBED_CHECK_MS: '0',
    ...settings,
  };
  const running: ExtraService[] = [];
  const results: Record<string, unknown> = { chunks: 0, settings, cpus: cpus().length, queries: queries.length };
  let bus: BusClient | undefined;
  try {
    if (!reuse) execFileSync(process.execPath, [join(REPO_ROOT, 'dist/apps/retrieval/src/migrate.js')], { env: { ...process.env, ...env }, stdio: 'ignore' });

    // The embedding service first: the bulk load embeds through it. Its Redis cache is kept short,
    // so a million passages do not sit in Redis.
    running.push(await startServiceProcess('embedding', { PATH: process.env.PATH, ...env, EMBEDDING_CACHE_TTL_S: '120' }, READY_TIMEOUT_MS));

    // SciFact itself first (the judged documents), then synthetic documents (at least one chunk each) up to the target.
    if (reuse) {
      // A database an earlier (possibly interrupted) run loaded: measure what is there.
      const counted = execFileSync(
        'psql',
        [
          reuse,
          '-Atc',
          `SELECT count(DISTINCT d.id), count(c.id) FROM retrieval.documents d JOIN retrieval.chunks c ON c.document_id = d.id WHERE d.namespace = '${NAMESPACE}'`,
        ],
        { encoding: 'utf8' },
      );
      const [documents, chunks] = counted.trim().split('|').map(Number);
      Object.assign(results, { chunks, documents, reusedDatabase: true });
      console.log(`reusing ${reuse}: ${documents} documents, ${chunks} chunks`);
    } else {
      const corpusFile = join(snapshotDir, 'corpus.jsonl');
      await writeCorpus(corpusFile, data, chunkTarget);
      const loadStarted = Date.now();
      const output = execFileSync(
        process.execPath,
        [join(REPO_ROOT, 'dist/apps/retrieval/src/bulk-load.js'), corpusFile, '--namespace', NAMESPACE, '--max-chunks', String(chunkTarget)],
        { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 2 ** 20, timeout: 4 * 3600_000 },
      );
      rmSync(corpusFile);
      const load = JSON.parse(output.trim().split('\n').at(-1)!) as { documents: number; chunks: number };
      const bulkLoadSeconds = (Date.now() - loadStarted) / 1000;
      console.log(`bulk load: ${load.documents} documents → ${load.chunks} chunks in ${bulkLoadSeconds.toFixed(0)} s (no queue)`);
      Object.assign(results, { chunks: load.chunks, documents: load.documents, bulkLoadSeconds });
    }

    const replicaEnv = { PATH: process.env.PATH, ...env, INDEX_SNAPSHOT_DIR: snapshotDir, INDEX_SNAPSHOT_INTERVAL_S: '0' };

    // 1. A replica builds from Postgres, then writes a snapshot (unless a kept one is there).
    let started = Date.now();
    let loadedMs: number | undefined, buildMs: number | undefined, snapshotWrittenMs: number | undefined, rssAfterBuildMb: number | undefined;
    if (hasSnapshot()) console.log(`snapshot found in ${snapshotDir}: no rebuild`);
    else {
      const builder = await startServiceProcess('retrieval', replicaEnv, READY_TIMEOUT_MS);
      running.push(builder);
      loadedMs = Date.now() - started;
      await waitFor('the HNSW graph', async () => (await indexDetails(builder.url)).vectorIndex === 'hnsw', 60 * 60_000, 500);
      buildMs = Date.now() - started;
      await waitFor('the snapshot', hasSnapshot, 30 * 60_000, 500);
      snapshotWrittenMs = Date.now() - started;
      rssAfterBuildMb = await residentMemoryMb(builder.url);
      console.log(
        `build from Postgres: rows loaded in ${loadedMs} ms, graph built at ${buildMs} ms, snapshot written at ${snapshotWrittenMs} ms; RSS ${rssAfterBuildMb?.toFixed(0)} MB`,
      );
      await builder.stop();
      running.splice(running.indexOf(builder), 1);
    }

    // 2. A new replica boots from the snapshot.
    started = Date.now();
    const replica = await startServiceProcess('retrieval', replicaEnv, READY_TIMEOUT_MS);
    running.push(replica);
    const bootMs = Date.now() - started;
    const details = await indexDetails(replica.url);
    const rssAfterBootMb = await residentMemoryMb(replica.url);
    console.log(`boot from the snapshot: ready in ${bootMs} ms (${details.chunks} chunks, ${details.vectorIndex}); RSS ${rssAfterBootMb?.toFixed(0)} MB`);

    // 3. Queries.
    bus = await connectBus('bench-scale', { prefix: redis.prefix, timeoutMs: 30_000 });
    const inServiceMs: Record<string, Percentiles> = {};
    const overBusMs: Record<string, Percentiles> = {};
    const ndcgAt10: Record<string, number> = {};
    const phasesMs: Record<string, Record<string, Percentiles>> = {};
    const gcMs: Record<string, GcPauses> = {};
    for (const mode of MODES) {
      const gcBefore = await gcPauses(replica.url);
      const measured = await measure(bus, queries, data, mode);
      gcMs[mode] = gcPausesBetween(gcBefore, await gcPauses(replica.url));
      inServiceMs[mode] = measured.inService;
      overBusMs[mode] = measured.overBus;
      ndcgAt10[mode] = measured.ndcg;
      phasesMs[mode] = measured.phases;
      console.log(
        `${mode.padEnd(7)} nDCG@10 ${measured.ndcg.toFixed(4)}; in service p50/p95/p99 ${fmt(measured.inService)} ms; over the bus ${fmt(measured.overBus)} ms`,
      );
      console.log(
        `        phases p50/p95/p99: ${Object.entries(measured.phases)
          .map(([phase, p]) => `${phase} ${fmt(p)}`)
          .join('; ')} ms`,
      );
      console.log(
        `        GC pauses in the service (warm-up and queries): ${Object.entries(gcMs[mode])
          .map(([kind, { count, ms }]) => `${kind} ${count} (${ms} ms)`)
          .join('; ')}`,
      );
    }
    const rssAfterQueriesMb = await residentMemoryMb(replica.url);
    const rssMb = Math.round(Math.max(rssAfterBuildMb ?? 0, rssAfterBootMb ?? 0, rssAfterQueriesMb ?? 0));
    console.log(`retrieval RSS after the queries ${rssAfterQueriesMb?.toFixed(0)} MB; peak of the three readings ${rssMb} MB`);
    Object.assign(results, {
      rssMb,
      rssAfterBuildMb: round(rssAfterBuildMb),
      rssAfterBootMb: round(rssAfterBootMb),
      rssAfterQueriesMb: round(rssAfterQueriesMb),
      bootMs,
      buildMs,
      loadedFromPostgresMs: loadedMs,
      snapshotWrittenMs,
      vectorIndex: details.vectorIndex,
      inServiceMs,
      phasesMs,
      gcMs,
      overBusMs,
      ndcgAt10,
    });
  } finally {
    await bus?.close();
    for (const service of running.reverse()) await service.stop();
    if (!keptSnapshots) rmSync(snapshotDir, { recursive: true, force: true });
    await database.drop();
    await redis.cleanup();
  }
  const outDir = join(REPO_ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `scale-${reuse ? (results.chunks as number) : chunkTarget}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`raw results: ${file}`);
}

async function measure(bus: BusClient, queries: BeirDataset['queries'], data: BeirDataset, mode: SearchMode) {
  for (let i = 0; i < 20; i++)
    await bus.request(Patterns.retrievalSearch, { query: `warm up ${i} ${queries[i % queries.length].text}`, namespace: NAMESPACE, topK: 10, mode });
  const inService: number[] = [];
  const overBus: number[] = [];
  /** The service's own timings per phase (embed, bm25, vector, fusion, texts): where the in-service time goes. */
  const phases = new Map<string, number[]>();
  let ndcg = 0;
  for (const query of queries) {
    const started = performance.now();
    const response = await bus.request(Patterns.retrievalSearch, { query: query.text.slice(0, 2000), namespace: NAMESPACE, topK: 10, mode });
    overBus.push(performance.now() - started);
    inService.push(response.timingsMs.total);
    for (const [phase, ms] of Object.entries(response.timingsMs)) {
      if (phase === 'total') continue;
      if (!phases.has(phase)) phases.set(phase, []);
      phases.get(phase)!.push(ms);
    }
    const ranking = aggregateByDocument(response.chunks.map((c) => ({ documentId: c.externalId, score: c.score })));
    ndcg += ndcgAt(ranking, data.qrels.get(query._id)!, 10);
  }
  const summary = (values: number[]): Percentiles => ({
    p50: round(percentile(values, 50))!,
    p95: round(percentile(values, 95))!,
    p99: round(percentile(values, 99))!,
  });
  return {
    inService: summary(inService),
    overBus: summary(overBus),
    phases: Object.fromEntries([...phases].map(([phase, values]) => [phase, summary(values)])),
    ndcg: Math.round((ndcg / queries.length) * 10_000) / 10_000,
  };
}

/** SciFact's corpus, then synthetic documents: `chunkTarget` documents in all (each has at least one chunk). */
async function writeCorpus(file: string, data: BeirDataset, chunkTarget: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  for (const d of data.corpus) await write(`${JSON.stringify(d)}\n`);
  const synthetic = syntheticDocuments(data.corpus, 1);
  for (let n = data.corpus.length; n < chunkTarget; n++) await write(`${JSON.stringify(synthetic.next().value)}\n`);
  out.end();
  await once(out, 'finish');
}

const round = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 100) / 100);
const fmt = (p: Percentiles) => `${p.p50} / ${p.p95} / ${p.p99}`;

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
