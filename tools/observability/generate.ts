import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { cli } from '@eloquent/cli';
import { generatedFiles } from './generated-files';

// From the sources (ts) or from dist/ (`npm run observability:generate` runs it built).
const root = resolve(__dirname, __dirname.split(sep).includes('dist') ? '../../..' : '../..');

/** Writes the dashboards JSON and the Kubernetes ConfigMaps / PrometheusRule; `--check` only reports stale files. */
function main(): void {
  const check = cli({
    usage: 'npm run observability:generate [-- --check]',
    description: 'Writes the Grafana dashboards JSON (observability/) and the Kubernetes ConfigMaps / PrometheusRule (k8s/observability/) from their sources.',
    options: { check: { type: 'boolean', description: 'write nothing: list the stale files and exit 1 if there are any' } },
  }).values.check;
  const stale: string[] = [];
  for (const [path, contents] of Object.entries(generatedFiles(root))) {
    const target = join(root, path);
    let current: string | undefined;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === contents) continue;
    stale.push(path);
    if (!check) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, contents);
    }
  }
  if (check && stale.length > 0) {
    console.error(`stale, run \`npm run observability:generate\`: ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log(stale.length ? `${check ? 'stale' : 'wrote'}: ${stale.join(', ')}` : 'observability files are up to date');
}

main();
