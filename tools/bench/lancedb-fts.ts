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
import { cli } from '@eloquent/cli';
import { meanScores, percentile, type Ranking } from '../eval/metrics';
import { diskBytes, type LanceModule, type LanceQuery, type LanceTable, loadLanceDb } from './lancedb';

const VARIANTS = ['combined', 'combined-plain', 'fields'] as const;
type Variant = (typeof VARIANTS)[number];
const TOP_K = 100;
const PLAIN = { stem: false, removeStopWords: false, withPosition: false };

const ARGS = cli({
  usage: 'node --expose-gc dist/tools/bench/lancedb-fts.js [options]',
  description: "LanceDB's full-text (BM25) index on a BEIR corpus, scored like our BM25 leg (see the file's header).",
  options: {
    data: { type: 'string', description: 'a BEIR dataset folder', default: 'data/scifact', hint: 'dir' },
    split: { type: 'string', description: 'the split whose judged queries to ask', default: 'train', hint: 'name' },
    'lancedb-dir': { type: 'string', description: 'the node_modules folder LanceDB was installed into (lancedb.ts)', hint: 'dir' },
    variant: { type: 'string', description: `one of ${VARIANTS.join(', ')} in this process; without it, each in a child process`, hint: 'name' },
    'title-boost': { type: 'string', description: 'the title boost of the `fields` variant', default: '3', hint: 'x' },
  },
}).values;

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
      ? table.query().fullTextSearch(new lancedb.MultiMatchQuery(text, ['title', 'text'], { boosts: [Number(ARGS['title-boost']), 1] }))
      : table.query().fullTextSearch(text, { columns: 'content' });
  return query.select(['id']).limit(TOP_K);
}

async function measure(variant: Variant): Promise<Record<string, unknown>> {
  const lancedb = loadLanceDb(ARGS['lancedb-dir'] ?? '');
  const beir = await loadBeir(resolve(ARGS.data), ARGS.split);
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
  const runs = new Map<string, Ranking>();
  for (const query of beir.queries) {
    const t = performance.now();
    const rows = await search(lancedb, table, variant, plainQuery(query.text)).toArray();
    latencies.push(performance.now() - t);
    runs.set(
      query._id,
      rows.map((row) => ({ id: String(row.id), score: Number(row._score) })),
    );
  }
  const scores = meanScores(
    beir.queries.map((q) => q._id),
    runs,
    beir.qrels,
  );
  global.gc?.();
  const addedRssMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  const folderMb = diskBytes(dir) / 2 ** 20;
  table.close();
  rmSync(dir, { recursive: true, force: true });
  const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    variant,
    documents: beir.corpus.length,
    queries: beir.queries.length,
    ndcg10: round(scores.ndcg10, 4),
    recall100: round(scores.recall100, 4),
    mrr10: round(scores.mrr10, 4),
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
  if (ARGS.variant !== undefined) {
    const variant = ARGS.variant as Variant;
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
