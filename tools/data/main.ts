/**
 * `npm run data:scifact [-- --from <scifact.zip | folder>] [--out data/scifact] [--force]`:
 * fetches the public BEIR SciFact dataset (corpus, queries, train/test judgements) into
 * data/scifact (gitignored), where `npm run eval` and `npm run bench:retrieval` look for it.
 * Offline, `--from` takes the zip (or its unpacked folder) from anywhere.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cli, progress } from '@eloquent/cli';
import { SCIFACT_DIR } from '../eval/datasets';
import { BEIR_URLS, installBeir } from './beir-archive';

const { values, positionals } = cli({
  usage: 'npm run data:scifact -- [options]',
  description: `Downloads BEIR SciFact (${BEIR_URLS.scifact}) into data/scifact, or copies it from a local zip or folder.`,
  positionals: '<dataset: scifact>',
  options: {
    from: { type: 'string', description: 'a local BEIR zip or unpacked folder instead of downloading', hint: 'zip|dir' },
    url: { type: 'string', description: 'download from here', default: BEIR_URLS.scifact, hint: 'url' },
    out: { type: 'string', description: 'the folder to create (default: data/scifact)', hint: 'dir' },
    force: { type: 'boolean', description: 'replace an existing copy' },
  },
});

async function main(): Promise<number> {
  const dataset = positionals[0] ?? 'scifact';
  if (dataset !== 'scifact' || positionals.length > 1) {
    console.error(`error: the only dataset is scifact (got ${positionals.join(' ')})`);
    return 2;
  }
  const out = resolve(values.out ?? SCIFACT_DIR);
  if (existsSync(resolve(out, 'corpus.jsonl')) && !values.force) {
    console.log(`${out} already holds SciFact (--force replaces it)`);
    return 0;
  }
  console.log(values.from ? `copying SciFact from ${values.from}…` : `downloading ${values.url}…`);
  const { files } = await installBeir({ out, from: values.from, url: values.url, onProgress: progress('  bytes', process.stdout) });
  console.log(`SciFact is in ${out}: ${files.join(', ')}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`data:scifact failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
