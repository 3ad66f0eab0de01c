/**
 * `npm run eval -- [--data <dir>] [--split <name>] [--mode hybrid|bm25|vector|all] [--run-out file]
 *   [--start] [--keep] [--namespace ns]` (`--help` lists them; the data default is data/scifact,
 *   made by `npm run data:scifact`)
 *
 * Retrieval quality and latency on a BEIR dataset, through the real services: the corpus is
 * ingested through the ingestion queue into a fresh namespace, every judged query goes
 * through `retrieval.search`, and nDCG@10, Recall@100, MRR@10 and latency percentiles are
 * printed per mode. `--run-out` writes a TREC run file (one per mode, `<file>.<mode>`, when
 * several). By default it uses the running stack named by REDIS_URL / REDIS_PREFIX (`npm
 * start`); `--start` starts a private one (fresh database, built services) with the
 * retrieval and embedding settings of this environment, e.g.
 * `BM25_K1=1.2 FUSION=rrf npm run eval -- --start --split train`.
 * The namespace's documents are deleted afterwards unless `--keep`.
 */
import { SearchModeSchema, type SearchMode } from '@eloquent/contracts';
import { startTestStack, type TestStack } from '@eloquent/testing';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { cli, progress } from '@eloquent/cli';
import { connectBus } from '../ingest/bus';
import { datasetDir } from './datasets';
import { trecRunLines } from './metrics';
import { residentMemoryMb } from './resident-memory';
import { dropNamespace, runEval, type EvalResult } from './run-eval';

/** Settings a private stack takes from this environment (what one tunes). */
const PASSED_SETTINGS =
  /^(BM25_|CHUNK_|SPELLING_|FUSION|RRF_K|VECTOR_|HNSW_|SEARCH_CACHE|INGEST_|QUERY_EMBED|DETERMINISTIC_|EMBEDDING_|OPENAI_|PINECONE_|LOCAL_EMBEDDING_|NODE_OPTIONS$)/;

const { values } = cli({
  usage: 'npm run eval -- [options]',
  description:
    'Retrieval quality (nDCG@10, Recall@100, MRR@10) and latency on a BEIR dataset through the real services: ' +
    'the running stack (REDIS_URL / REDIS_PREFIX) or, with --start, a private one.',
  options: {
    data: { type: 'string', description: 'a BEIR dataset folder (default: data/scifact, from `npm run data:scifact`)', hint: 'dir' },
    split: { type: 'string', description: 'the split whose queries and judgements to use', default: 'train', hint: 'name' },
    mode: { type: 'string', description: 'hybrid, bm25, vector or all', default: 'all', hint: 'mode' },
    'run-out': { type: 'string', description: 'write a TREC run file (one per mode, <file>.<mode>, when several)', hint: 'file' },
    start: { type: 'boolean', description: 'start a private stack (fresh database, built services) with the retrieval settings of this environment' },
    keep: { type: 'boolean', description: "keep the evaluation namespace's documents afterwards" },
    namespace: { type: 'string', description: 'the namespace to ingest into (default: a fresh one)', hint: 'ns' },
    'retrieval-url': { type: 'string', description: 'the retrieval service, for its memory figure', default: 'http://127.0.0.1:3002', hint: 'url' },
  },
});
const option = (name: keyof typeof values): string | undefined => values[name] as string | undefined;
const flag = (name: 'start' | 'keep'): boolean => values[name];

async function main(): Promise<void> {
  const dataDir = datasetDir(option('data'));
  const split = values.split;
  const mode = values.mode;
  const modes: SearchMode[] = mode === 'all' ? ['hybrid', 'bm25', 'vector'] : [SearchModeSchema.parse(mode)];
  const namespace =
    option('namespace') ??
    `eval-${basename(resolve(dataDir))}-${split}-${randomBytes(3).toString('hex')}`
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-')
      .slice(0, 64);

  let stack: TestStack | undefined;
  let retrievalUrl = values['retrieval-url'];
  if (flag('start')) {
    const settings = Object.fromEntries(Object.entries(process.env).filter(([key]) => PASSED_SETTINGS.test(key)));
    console.log(
      `starting a private stack${
        Object.keys(settings).length
          ? ` with ${Object.entries(settings)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`
          : ''
      }…`,
    );
    stack = await startTestStack('eval', { ...settings, LOG_LEVEL: 'warn' });
    retrievalUrl = `http://127.0.0.1:${stack.stack.ports.retrieval}`;
  }
  const bus = await connectBus('eval-cli', stack ? { prefix: stack.prefix } : {});
  try {
    const result = await runEval({ bus, dataDir, split, modes, namespace, log: (line) => console.log(line), progress: (stage) => progress(`  ${stage}`) });
    print(result, await residentMemoryMb(retrievalUrl));
    const runOut = option('run-out');
    if (runOut) {
      for (const m of result.modes) {
        const file = result.modes.length > 1 ? `${runOut}.${m.mode}` : runOut;
        await writeFile(file, `${trecRunLines(m.runs, `eloquent-${m.mode}`).join('\n')}\n`);
        console.log(`wrote ${file}`);
      }
    }
    if (!flag('keep') && !stack) console.log(`removed the ${await dropNamespace(bus, namespace)} evaluation documents`);
  } finally {
    await bus.close();
    await stack?.stop();
  }
}

function print(result: EvalResult, rssMb: number | undefined): void {
  const { ingest } = result;
  console.log(
    `\ncorpus: ${result.documents} documents → ${ingest.chunks} chunks; queue ingestion ${ingest.seconds.toFixed(1)} s, searchable after ${ingest.indexedSeconds.toFixed(1)} s`,
  );
  const rows = result.modes.map((m) => [
    m.mode,
    m.ndcg10.toFixed(4),
    m.recall100.toFixed(4),
    m.mrr10.toFixed(4),
    `${m.inService.p50} / ${m.inService.p95} / ${m.inService.p99}`,
    `${m.overBus.p50} / ${m.overBus.p95} / ${m.overBus.p99}`,
    String(m.degraded),
  ]);
  const header = ['mode', 'nDCG@10', 'Recall@100', 'MRR@10', 'in-service ms p50/p95/p99', 'over the bus ms p50/p95/p99', 'degraded'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
  console.log(`queries per mode: ${result.modes[0]?.queries ?? 0}${rssMb !== undefined ? `; retrieval RSS ${rssMb.toFixed(0)} MB` : ''}`);
}

main().catch((error: unknown) => {
  console.error(`eval failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
