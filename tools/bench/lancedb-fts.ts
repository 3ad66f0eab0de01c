/**
 * `npm run build && node --expose-gc dist/tools/bench/lancedb-fts.js --data <scifact> --lancedb-dir <node_modules> [--split train] [--variant combined] [--title-boost 3]`:
 * LanceDB's full-text (BM25) index on a BEIR corpus (every document, title and text), scored
 * like our BM25 leg (`npm run eval -- --mode bm25`: nDCG@10, Recall@100, MRR@10 over the
 * split's judged queries, top 100) with its build time, folder size, resident memory added,
 * open time and query latency in process. LanceDB is installed apart (`lancedb.ts`).
 * Variants: `combined` (one column "title\ntext", LanceDB's default tokenizer, which in 0.39
 * lower-cases, folds accents, drops English stop words and stems, as our leg does),
 * `combined-plain` (the same without stemming and stop words) and `fields` (title and text
 * indexed apart, searched together with the title boosted `--title-boost`, 3 as our
 * BM25_TITLE_WEIGHT). Measured in docs/retrieval.md ("At scale").
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadBeir } from '@eloquent/testing';
import { ndcgAt, percentile, recallAt, reciprocalRankAt, type Ranking } from '../eval/metrics';
import { diskBytes, type LanceModule, type LanceQuery, type LanceTable, loadLanceDb } from './lancedb';

const VARIANTS = ['combined', 'combined-plain', 'fields'] as const;
type Variant = (typeof VARIANTS)[number];
const TOP_K = 100;
const PLAIN = { stem: false, removeStopWords: false, withPosition: false };

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/** LanceDB's full-text query rejects some punctuation of the query syntax; our leg tokenizes it away too. */
function plainQuery(text: string): string {
  return text.replace(/[^\p{L}\p{N}\s]+/gu, ' ').trim();
}

async function buildIndex(lancedb: LanceModule, table: LanceTable, variant: Variant): Promise<void> {
  if (variant === 'combined') await table.createIndex('content', { config: lancedb.Index.fts({ withPosition: false }) });
  if (variant === 'combined-plain') await table.createIndex('content', { config: lancedb.Index.fts(PLAIN) });
  if (variant === 'fields') {
    await table.createIndex('title', { config: lancedb.Index.fts({ withPosition: false }) });
    await table.createIndex('text', { config: lancedb.Index.fts({ withPosition: false }) });
  }
}

function search(lancedb: LanceModule, table: LanceTable, variant: Variant, text: string): LanceQuery {
  const query =
    variant === 'fields'
      ? table.query().fullTextSearch(new lancedb.MultiMatchQuery(text, ['title', 'text'], { boosts: [Number(option('title-boost', '3')), 1] }))
      : table.query().fullTextSearch(text, { columns: 'content' });
  return query.select(['id']).limit(TOP_K);
}

async function measure(variant: Variant): Promise<Record<string, unknown>> {
  const lancedb = loadLanceDb(option('lancedb-dir', ''));
  const beir = await loadBeir(resolve(option('data', 'data/scifact')), option('split', 'train'));
  const dir = mkdtempSync(join(tmpdir(), 'lancedb-fts-'));
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let started = performance.now();
  const rows = beir.corpus.map((d) => ({ id: d._id, title: d.title, text: d.text, content: `${d.title}\n${d.text}` }));
  let table = await (await lancedb.connect(dir)).createTable('documents', rows);
  await buildIndex(lancedb, table, variant);
  const buildMs = performance.now() - started;
  table.close();
  started = performance.now();
  table = await (await lancedb.connect(dir)).openTable('documents');
  const openMs = performance.now() - started;
  started = performance.now();
  await search(lancedb, table, variant, plainQuery(beir.queries[0].text)).toArray();
  const firstSearchMs = performance.now() - started;
  const latencies: number[] = [];
  const scores = { ndcg10: 0, recall100: 0, mrr10: 0 };
  for (const query of beir.queries) {
    const t = performance.now();
    const rows = await search(lancedb, table, variant, plainQuery(query.text)).toArray();
    latencies.push(performance.now() - t);
    const ranking: Ranking = rows.map((row) => ({ id: String(row.id), score: Number(row._score) }));
    const judged = beir.qrels.get(query._id)!;
    scores.ndcg10 += ndcgAt(ranking, judged, 10);
    scores.recall100 += recallAt(ranking, judged, 100);
    scores.mrr10 += reciprocalRankAt(ranking, judged, 10);
  }
  global.gc?.();
  const addedRssMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  const folderMb = diskBytes(dir) / 2 ** 20;
  table.close();
  rmSync(dir, { recursive: true, force: true });
  const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
  const n = beir.queries.length;
  return {
    variant,
    documents: beir.corpus.length,
    queries: n,
    ndcg10: round(scores.ndcg10 / n, 4),
    recall100: round(scores.recall100 / n, 4),
    mrr10: round(scores.mrr10 / n, 4),
    searchMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)) },
    buildMs: Math.round(buildMs),
    openMs: Math.round(openMs),
    firstSearchMs: round(firstSearchMs),
    addedRssMb: round(addedRssMb),
    folderMb: round(folderMb),
  };
}

/** One variant per process (`--variant`), so memory figures do not mix; without it, each in a child process. */
async function main(): Promise<void> {
  if (process.argv.includes('--variant')) {
    const variant = option('variant', '') as Variant;
    if (!VARIANTS.includes(variant)) throw new Error(`--variant must be one of ${VARIANTS.join(', ')}`);
    console.log(JSON.stringify(await measure(variant)));
    return;
  }
  for (const variant of VARIANTS) {
    const out = execFileSync(process.execPath, ['--expose-gc', __filename, ...process.argv.slice(2), '--variant', variant], { encoding: 'utf8' });
    console.log(out.trim());
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
