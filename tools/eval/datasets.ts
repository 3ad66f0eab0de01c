import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// tools/eval (sources) or dist/tools/eval (built): the repository root either way.
const REPO = resolve(__dirname, __dirname.split('/').includes('dist') ? '../../..' : '../..');

/** Where `npm run data:scifact` puts BEIR SciFact (gitignored), the default of eval and bench:retrieval. */
export const SCIFACT_DIR = join(REPO, 'data/scifact');

/**
 * The dataset folder to read, or an error saying how to get it: a folder given with --data
 * must exist; the default one is made by `npm run data:scifact`.
 */
export function datasetDir(given: string | undefined): string {
  const dir = resolve(given ?? SCIFACT_DIR);
  if (existsSync(join(dir, 'corpus.jsonl'))) return dir;
  if (given) throw new Error(`no BEIR dataset in ${dir} (expected corpus.jsonl, queries and qrels)`);
  throw new Error(
    `SciFact is not in ${relative(process.cwd(), dir) || dir}: run \`npm run data:scifact\` to download it ` +
      '(or `npm run data:scifact -- --from <scifact.zip or folder>` offline), or pass --data <BEIR folder>',
  );
}
