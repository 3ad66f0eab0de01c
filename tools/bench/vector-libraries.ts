/**
 * `npm run build && node dist/tools/bench/vector-libraries.js [--data data/scifact] [--vectors 50000] [--library usearch-f16]`:
 * the vector-index libraries compared on the same keyless vectors (the deterministic embedder
 * over synthetic SciFact documents, 512 dimensions): build time, resident memory the index
 * adds, search latency (top 100, as the fusion depth), recall@10 against the exact scan, and
 * the time to save and load the index (hnswlib-node only if installed: `npm install --no-save hnswlib-node@3.0.0`). One library per process (`--library`), so memory
 * figures do not mix; without it, runs every library in a child process each.
 * LanceDB (`lancedb-*`, on disk: its table is written while it builds, so "save" is nothing and
 * the file size is its folder's) only with `--lancedb-dir <node_modules>`: installed apart, see
 * `lancedb.ts`. `firstSearchMs`: the first search after the load, which a booting replica also pays.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BusClient } from '@eloquent/bus';
import { cli, numberOption } from '@eloquent/cli';
import { decodeVector, Patterns } from '@eloquent/contracts';
import { createTestRedisPrefix, loadBeir, startServiceProcess, syntheticDocuments, TEST_REDIS_URL } from '@eloquent/testing';
import { percentile } from '../eval/metrics';
import { arrowVectors, diskBytes, type LanceQuery, type LanceTable, loadLanceDb } from './lancedb';

const LIBRARIES = [
  'hnswlib-f32',
  'usearch-f32',
  'usearch-f16',
  'usearch-i8',
  'usearch-i8-rescored',
  'lancedb-flat',
  'lancedb-ivfpq',
  'lancedb-ivfpq-refined',
  'lancedb-hnswsq',
] as const;
const ARGS = cli({
  usage: 'node --expose-gc dist/tools/bench/vector-libraries.js [options]',
  description:
    "The vector-index libraries compared on the same keyless vectors (see the file's header): build time, resident memory added, " +
    'search latency, recall@10 against the exact scan, save and load times.',
  options: {
    data: { type: 'string', description: 'a BEIR dataset folder', default: 'data/scifact', hint: 'dir' },
    vectors: { type: 'string', description: 'how many vectors to index', default: '50000', hint: 'n' },
    library: { type: 'string', description: `one of ${LIBRARIES.join(', ')} in this process; without it, each in a child process`, hint: 'name' },
    'lancedb-dir': {
      type: 'string',
      description: "the node_modules folder LanceDB was installed into (lancedb.ts); without it, LanceDB's libraries are not run",
      hint: 'dir',
    },
  },
}).values;
/** The libraries run without `--library`: LanceDB's only when `--lancedb-dir` is given. */
const DEFAULT_LIBRARIES = LIBRARIES.filter((l) => ARGS['lancedb-dir'] !== undefined || !l.startsWith('lancedb-'));
/** `-rescored`: the graph's top 2×k re-ranked by their full-precision vectors, as VECTOR_QUANTIZATION=i8 does (those come from Postgres there, from memory here). */
const RESCORE_OVERSAMPLING = 2;
type Library = (typeof LIBRARIES)[number];

/** The part of hnswlib-node's API measured here. */
interface HnswlibIndex {
  initIndex(opts: { maxElements: number; m: number; efConstruction: number; randomSeed: number }): void;
  addPoint(point: number[], label: number): void;
  setEf(ef: number): void;
  searchKnn(query: number[], k: number): { neighbors: number[] };
  writeIndexSync(path: string): void;
  readIndexSync(path: string): void;
}

interface Candidate {
  add(labels: number[], vectors: Float32Array): void | Promise<void>;
  /** After the last add, still part of the build (LanceDB: compaction and the ANN index). */
  finish?(): Promise<void>;
  search(query: Float32Array, k: number): number[] | Promise<number[]>;
  /** Writes the index into `dir`; returns the file or folder that holds it. */
  save(dir: string): string | Promise<string>;
  load(path: string): void | Promise<void>;
}

async function candidate(library: Library, dims: number, capacity: number): Promise<Candidate> {
  if (library.startsWith('lancedb-')) return lanceCandidate(ARGS['lancedb-dir'] ?? '', library, dims);
  if (library === 'hnswlib-f32') {
    // Not a dependency any more (it needs a compiler at install): `npm install --no-save hnswlib-node@3.0.0` to compare.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { HierarchicalNSW } = require('hnswlib-node') as { HierarchicalNSW: new (space: string, dims: number) => HnswlibIndex };
    let index = new HierarchicalNSW('ip', dims);
    index.initIndex({ maxElements: capacity, m: 16, efConstruction: 100, randomSeed: 100 });
    return {
      add: (labels, vectors) => labels.forEach((label, i) => index.addPoint(Array.from(vectors.subarray(i * dims, (i + 1) * dims)), label)),
      search: (query, k) => {
        index.setEf(200);
        return index.searchKnn(Array.from(query), k).neighbors;
      },
      save: (dir) => {
        index.writeIndexSync(join(dir, 'index.bin'));
        return join(dir, 'index.bin');
      },
      load: (path) => {
        index = new HierarchicalNSW('ip', dims);
        index.readIndexSync(path);
      },
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const usearch = require('usearch') as typeof import('usearch');
  const quantization = library.split('-')[1] as 'f32' | 'f16' | 'i8';
  const config = {
    dimensions: dims,
    metric: usearch.MetricKind.Cos,
    quantization: quantization as never,
    connectivity: 16,
    expansion_add: 100,
    expansion_search: 200,
    multi: false,
  };
  let index = new usearch.Index(config);
  return {
    add: (labels, vectors) => index.add(BigUint64Array.from(labels.map(BigInt)), vectors, 1),
    search: (query, k) => Array.from((index.search(query, k, 1) as InstanceType<typeof usearch.Matches>).keys, Number),
    save: (dir) => {
      index.save(join(dir, 'index.bin'));
      return join(dir, 'index.bin');
    },
    load: (path) => {
      index = new usearch.Index(config);
      index.load(path);
    },
  };
}

/**
 * LanceDB's table (`id`, `vector`), written as the adds come (one fragment per add, compacted
 * at the end by `optimize`, old versions then deleted). `flat`: no index, the exact scan (LanceDB's advice below
 * ~100k rows); `ivfpq`: its default ANN index (IVF_PQ: √N partitions, dims/16 sub-vectors of
 * 8 bits; default nprobes), The vectors go in as Arrow
 * views of the same Float32Array (no JS arrays per row). `-refined` re-ranking 2× the candidates by full vectors as our i8
 * rescoring does; `hnswsq`: IVF_HNSW_SQ with our graph's M 16, ef 100/200. Cosine throughout.
 */
function lanceCandidate(lancedbDir: string, library: Library, dims: number): Candidate {
  const lancedb = loadLanceDb(lancedbDir);
  const dir = mkdtempSync(join(tmpdir(), 'vector-libraries-lancedb-'));
  let table: LanceTable | undefined;
  const rows = (labels: number[], vectors: Float32Array) => arrowVectors(lancedbDir, Int32Array.from(labels), vectors, dims);
  const tuned = (query: LanceQuery): LanceQuery => {
    if (library === 'lancedb-flat') return query.bypassVectorIndex();
    if (library === 'lancedb-ivfpq-refined') return query.refineFactor(RESCORE_OVERSAMPLING);
    if (library === 'lancedb-hnswsq') return query.ef(200);
    return query;
  };
  return {
    add: async (labels, vectors) => {
      if (!table) table = await (await lancedb.connect(dir)).createTable('chunks', rows(labels, vectors));
      else await table.add(rows(labels, vectors));
    },
    finish: async () => {
      await table!.optimize();
      if (library.startsWith('lancedb-ivfpq')) await table!.createIndex('vector', { config: lancedb.Index.ivfPq({ distanceType: 'cosine' }) });
      if (library === 'lancedb-hnswsq')
        await table!.createIndex('vector', { config: lancedb.Index.hnswSq({ distanceType: 'cosine', m: 16, efConstruction: 100 }) });
      await table!.optimize({ cleanupOlderThan: new Date(), deleteUnverified: true }); // the superseded fragments off the disk
    },
    search: async (query, k) => (await tuned(table!.vectorSearch(query).distanceType('cosine')).select(['id']).limit(k).toArray()).map((row) => Number(row.id)),
    save: () => dir,
    load: async (path) => {
      table?.close();
      table = await (await lancedb.connect(path)).openTable('chunks');
    },
  };
}

/** Vectors from the embedding service (started here, keyless: the deterministic model), for synthetic SciFact documents and the train queries. */
async function vectorsFor(dataDir: string, count: number): Promise<{ dims: number; data: Float32Array; queries: Float32Array[] }> {
  const beir = await loadBeir(dataDir, 'train');
  const redis = createTestRedisPrefix('veclibs');
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redis.prefix,
    EMBEDDING_CACHE_TTL_S: '60',
  };
  const service = await startServiceProcess('embedding', env);
  const bus = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, name: 'vector-libraries', defaultTimeoutMs: 120_000 });
  try {
    const embed = async (texts: string[], kind: 'passage' | 'query') => (await bus.request(Patterns.embeddingEmbed, { texts, kind })).vectors.map(decodeVector);
    const documents = syntheticDocuments(beir.corpus, 7);
    let data = new Float32Array(0);
    let dims = 0;
    for (let start = 0; start < count; start += 256) {
      const texts: string[] = [];
      for (let i = start; i < Math.min(count, start + 256); i++) {
        const d = documents.next().value!;
        texts.push(`${d.title}\n${d.text}`.slice(0, 3000)); // about one chunk's worth (512 tokens)
      }
      const vectors = await embed(texts, 'passage');
      if (data.length === 0) data = new Float32Array(count * (dims = vectors[0].length));
      vectors.forEach((v, i) => data.set(v, (start + i) * dims));
    }
    const queries = await embed(
      beir.queries.slice(0, 200).map((q) => q.text),
      'query',
    );
    return { dims, data, queries };
  } finally {
    await bus.close();
    await service.stop();
    await redis.cleanup();
  }
}

function exactTop(data: Float32Array, dims: number, query: Float32Array, k: number): number[] {
  return rescored(
    data,
    dims,
    query,
    Array.from({ length: data.length / dims }, (_, slot) => slot),
    k,
  );
}

/** The `k` of `slots` whose full-precision vectors score best against the query. */
function rescored(data: Float32Array, dims: number, query: Float32Array, slots: number[], k: number): number[] {
  const scores: Array<[number, number]> = [];
  for (const slot of slots) {
    let dot = 0;
    for (let i = 0; i < dims; i++) dot += data[slot * dims + i] * query[i];
    scores.push([slot, dot]);
  }
  return scores
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([slot]) => slot);
}

async function measure(library: Library, dataDir: string, count: number): Promise<Record<string, unknown>> {
  const { dims, data, queries } = await vectorsFor(dataDir, count);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const index = await candidate(library, dims, count);
  let started = performance.now();
  const labels = Array.from({ length: count }, (_, i) => i);
  for (let start = 0; start < count; start += 1000) {
    const end = Math.min(count, start + 1000);
    await index.add(labels.slice(start, end), data.subarray(start * dims, end * dims));
  }
  await index.finish?.();
  const buildMs = performance.now() - started;
  global.gc?.();
  const addedRssMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  const latencies: number[] = [];
  let recall = 0;
  for (const query of queries) {
    const t = performance.now();
    const found = library.endsWith('-rescored')
      ? rescored(data, dims, query, await index.search(query, 100 * RESCORE_OVERSAMPLING), 100)
      : await index.search(query, 100);
    latencies.push(performance.now() - t);
    const truth = new Set(exactTop(data, dims, query, 10));
    recall += found.slice(0, 10).filter((label) => truth.has(label)).length / 10;
  }
  const dir = mkdtempSync(join(tmpdir(), 'vector-libraries-'));
  started = performance.now();
  const file = await index.save(dir);
  const saveMs = performance.now() - started;
  started = performance.now();
  await index.load(file);
  const loadMs = performance.now() - started;
  started = performance.now();
  await index.search(queries[0], 100);
  const firstSearchMs = performance.now() - started;
  const fileMb = diskBytes(file) / 2 ** 20;
  rmSync(dir, { recursive: true, force: true });
  if (file !== dir && !file.startsWith(dir)) rmSync(file, { recursive: true, force: true });
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    library,
    vectors: count,
    dims,
    buildMs: Math.round(buildMs),
    addedRssMb: round(addedRssMb),
    bytesPerVector: Math.round((addedRssMb * 2 ** 20) / count),
    searchMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)) },
    recallAt10: round(recall / queries.length),
    saveMs: Math.round(saveMs),
    loadMs: Math.round(loadMs),
    firstSearchMs: round(firstSearchMs),
    fileMb: round(fileMb),
  };
}

async function main(): Promise<void> {
  const dataDir = resolve(ARGS.data);
  const count = numberOption('vectors', ARGS.vectors);
  const library = ARGS.library as Library | undefined;
  if (library !== undefined) {
    if (!LIBRARIES.includes(library)) throw new Error(`--library must be one of ${LIBRARIES.join(', ')}`);
    console.log(JSON.stringify(await measure(library, dataDir, count)));
    return;
  }
  const lancedbDir = ARGS['lancedb-dir'] !== undefined ? ['--lancedb-dir', ARGS['lancedb-dir']] : [];
  for (const each of DEFAULT_LIBRARIES) {
    const out = execFileSync(process.execPath, ['--expose-gc', __filename, '--library', each, '--data', dataDir, '--vectors', String(count), ...lancedbDir], {
      encoding: 'utf8',
    });
    console.log(out.trim());
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
