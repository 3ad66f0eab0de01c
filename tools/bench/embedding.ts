/**
 * `npm run bench:embedding [-- --requests 3000 --concurrency 64]`: the embedding service
 * as it runs in production (built `dist/`, one process, requests over the Redis Streams
 * bus, real Redis cache), per local tier (deterministic; local ONNX on the tiny-random-bert
 * fixture), with micro-batching on (EMBEDDING_BATCH_WAIT_MS=3) and off (0):
 *
 * - throughput: `--requests` single-text query requests, `--concurrency` in flight, every
 *   text new (cold cache) → texts/s, and provider calls / mean batch size from /metrics;
 * - latency of one request at a time (what the batching wait costs an idle service);
 * - cache-hit latency: the same texts again, one at a time, next to the bus round trip of
 *   `embedding.info` (the floor any request pays);
 * - re-ingestion: a 100-document corpus (6 passages each, one request per document, as
 *   retrieval sends them) ingested, then ingested again with 10% of the documents changed →
 *   provider calls and texts embedded the second time, against the first.
 *
 * Figures go to docs/embedding.md; the raw JSON to bench-results/.
 */
import { BusClient } from '@eloquent/bus';
import { createTestRedisPrefix, freePort, TEST_REDIS_URL, TINY_RANDOM_BERT_DIR } from '@eloquent/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, numberOption } from '@eloquent/cli';
import { Patterns } from '@eloquent/contracts';

const ROOT = resolve(__dirname, '../../..');
const FIXTURE = TINY_RANDOM_BERT_DIR;

const ARGS = cli({
  usage: 'npm run bench:embedding -- [options]',
  description: 'The built embedding service per local tier, micro-batching on and off: throughput, latency, cache hits, re-ingestion.',
  options: {
    requests: { type: 'string', description: 'single-text requests for the throughput run', default: '3000', hint: 'n' },
    concurrency: { type: 'string', description: 'requests in flight', default: '64', hint: 'n' },
  },
}).values;

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Service {
  bus: BusClient;
  port: number;
  /** Provider calls and texts they carried, per tier, from /metrics. */
  providerCalls(tier: string): Promise<{ calls: number; texts: number }>;
  stop(): Promise<void>;
}

/** Starts the built embedding service with `env` on a Redis prefix of its own. */
async function startEmbedding(label: string, env: NodeJS.ProcessEnv): Promise<Service> {
  const redis = createTestRedisPrefix(`bench-${label}`);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/apps/embedding/src/main.js')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redis.prefix,
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`embedding (${label}) exited with code ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`embedding (${label}) not ready within 60 s`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const bus = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, name: `bench-${label}`, defaultTimeoutMs: 60_000 });
  return {
    bus,
    port,
    providerCalls: async (tier) => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const read = (name: string) => Number(new RegExp(`^${name}\\{[^}]*tier="${tier}"[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
      return { calls: read('eloquent_embedding_batch_size_count'), texts: read('eloquent_embedding_batch_size_sum') };
    },
    stop: async () => {
      await bus.close();
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
      await redis.cleanup();
    },
  };
}

/** A support question of ordinary length, unique per `i` (so the cache never answers). */
function question(run: string, i: number): string {
  const topics = ['my card PIN', 'an international transfer', 'the overdraft fee', 'a disputed payment', 'my savings interest', 'a lost card'];
  return `How long does it take to sort out ${topics[i % topics.length]} when I contact support from abroad (case ${run}-${i})?`;
}

/** Runs `total` tasks with `concurrency` in flight; returns each one's latency (ms) and the wall time. */
async function load(total: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await task(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

interface TierRun {
  tier: string;
  microBatching: boolean;
  textsPerSecond: number;
  providerCalls: number;
  meanBatch: number;
  concurrentP50Ms: number;
  concurrentP99Ms: number;
  idleP50Ms: number;
  cacheHitP50Ms: number;
  cacheHitP99Ms: number;
  busFloorP50Ms: number;
}

async function benchTier(tier: 'deterministic' | 'local', microBatching: boolean, requests: number, concurrency: number): Promise<TierRun> {
  const env: NodeJS.ProcessEnv = { EMBEDDING_BATCH_WAIT_MS: microBatching ? '3' : '0', ...(tier === 'local' ? { LOCAL_EMBEDDING_MODEL_DIR: FIXTURE } : {}) };
  const label = `${tier}-${microBatching ? 'batched' : 'unbatched'}`;
  const service = await startEmbedding(label, env);
  try {
    const embed = (text: string) => service.bus.request(Patterns.embeddingEmbed, { texts: [text], kind: 'query' });
    // Warm-up: JIT, ONNX session, connections.
    await load(200, concurrency, (i) => embed(question(`warm-${label}`, i)));
    const before = await service.providerCalls(tier);
    const concurrent = await load(requests, concurrency, (i) => embed(question(label, i)));
    const after = await service.providerCalls(tier);
    const idle = await load(200, 1, (i) => embed(question(`idle-${label}`, i)));
    const hits = await load(500, 1, (i) => embed(question(label, i)));
    const floor = await load(500, 1, () => service.bus.request(Patterns.embeddingInfo, {}));
    const calls = after.calls - before.calls;
    return {
      tier,
      microBatching,
      textsPerSecond: Math.round(requests / concurrent.seconds),
      providerCalls: calls,
      meanBatch: round((after.texts - before.texts) / calls, 1),
      concurrentP50Ms: round(percentile(concurrent.latencies, 50), 1),
      concurrentP99Ms: round(percentile(concurrent.latencies, 99), 1),
      idleP50Ms: round(percentile(idle.latencies, 50)),
      cacheHitP50Ms: round(percentile(hits.latencies, 50)),
      cacheHitP99Ms: round(percentile(hits.latencies, 99)),
      busFloorP50Ms: round(percentile(floor.latencies, 50)),
    };
  } finally {
    await service.stop();
  }
}

/** 100 documents of 6 passages; `changed` documents have their first passage edited (or all six when `rewrite`). */
function corpus(changed: (doc: number) => boolean, rewrite: boolean): string[][] {
  return Array.from({ length: 100 }, (_, d) =>
    Array.from({ length: 6 }, (_, c) => {
      const edit = changed(d) && (rewrite || c === 0) ? ' Updated: fees changed in the latest revision.' : '';
      return `Help article ${d}, section ${c}. To manage card ${d % 9} and transfer limits for account type ${c}, open the app, choose Settings, then Limits.${edit}`;
    }),
  );
}

async function benchReingest(microBatching: boolean, rewrite: boolean) {
  const service = await startEmbedding(`reingest-${microBatching}-${rewrite}`, { EMBEDDING_BATCH_WAIT_MS: microBatching ? '3' : '0' });
  try {
    const ingest = async (documents: string[][]) => {
      const before = await service.providerCalls('deterministic');
      // Documents concurrently, 8 at a time, one request each.
      await load(documents.length, 8, (d) => service.bus.request(Patterns.embeddingEmbed, { texts: documents[d], kind: 'passage' }));
      const after = await service.providerCalls('deterministic');
      return { calls: after.calls - before.calls, texts: after.texts - before.texts };
    };
    const first = await ingest(corpus(() => false, rewrite));
    const second = await ingest(corpus((d) => d % 10 === 0, rewrite));
    return {
      microBatching,
      changedPassagesPerChangedDocument: rewrite ? 6 : 1,
      first,
      second,
      fewerCallsPct: round(100 * (1 - second.calls / first.calls), 1),
      fewerTextsPct: round(100 * (1 - second.texts / first.texts), 1),
    };
  } finally {
    await service.stop();
  }
}

async function main(): Promise<void> {
  const requests = numberOption('requests', ARGS['requests']);
  const concurrency = numberOption('concurrency', ARGS['concurrency']);
  const tiers: TierRun[] = [];
  for (const tier of ['deterministic', 'local'] as const) {
    for (const microBatching of [false, true]) {
      const run = await benchTier(tier, microBatching, requests, concurrency);
      console.log(JSON.stringify(run));
      tiers.push(run);
    }
  }
  const reingest = [];
  for (const microBatching of [false, true]) for (const rewrite of [false, true]) reingest.push(await benchReingest(microBatching, rewrite));

  console.log(`\nthroughput (${requests} single-text requests, ${concurrency} in flight, over the bus; ${cpus().length} × ${cpus()[0]?.model})`);
  console.table(
    tiers.map((t) => ({
      tier: t.tier,
      'micro-batching': t.microBatching ? 'on (3 ms)' : 'off',
      'texts/s': t.textsPerSecond,
      'provider calls': t.providerCalls,
      'mean batch': t.meanBatch,
      'p50 ms': t.concurrentP50Ms,
      'p99 ms': t.concurrentP99Ms,
      'idle p50 ms': t.idleP50Ms,
      'cache hit p50 ms': t.cacheHitP50Ms,
      'cache hit p99 ms': t.cacheHitP99Ms,
      'bus floor p50 ms': t.busFloorP50Ms,
    })),
  );
  for (const tier of ['deterministic', 'local']) {
    const [off, on] = [false, true].map((b) => tiers.find((t) => t.tier === tier && t.microBatching === b)!);
    console.log(`${tier}: micro-batching ×${round(on.textsPerSecond / off.textsPerSecond)} texts/s`);
  }
  console.log('\nre-ingesting 100 documents × 6 passages with 10% of documents changed (deterministic tier)');
  console.table(
    reingest.map((r) => ({
      'micro-batching': r.microBatching ? 'on' : 'off',
      'changed passages / changed doc': r.changedPassagesPerChangedDocument,
      'calls first': r.first.calls,
      'calls again': r.second.calls,
      'fewer calls %': r.fewerCallsPct,
      'texts first': r.first.texts,
      'texts again': r.second.texts,
      'fewer texts %': r.fewerTextsPct,
    })),
  );

  const result = { date: new Date().toISOString(), cpus: `${cpus().length} × ${cpus()[0]?.model}`, requests, concurrency, tiers, reingest };
  const dir = resolve(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `embedding-${result.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
