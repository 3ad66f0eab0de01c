// Merges the coverage each project's tests wrote (coverage/<project root>/coverage-final.json,
// from `nx run-many -t test`), counts every in-scope source file that no test loaded as
// uncovered, prints line and branch coverage per project and in total, writes the table to
// coverage/summary.txt (and .json), and exits 1 when the total is under the thresholds.
//
// Scope: the product code, i.e. apps/*/src, libs/*/src (not libs/testing: test support) and
// tools/ (the CLIs; not tools/bench, programs run by hand to measure, nor tools/deploy,
// which is itself a test suite). The built services that tests start (end-to-end and
// integration tests) write V8 coverage (NODE_V8_COVERAGE) that is mapped back to the sources
// and merged; other child processes (CLIs run by tests) are not counted.
import { transformSync } from '@swc/core';
import libCoverage from 'istanbul-lib-coverage';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import v8ToIstanbul from 'v8-to-istanbul';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const coverageDir = resolve(root, process.env.COVERAGE_DIR ?? 'coverage');
const THRESHOLDS = { lines: 80, branches: 70 };
const OUT_OF_SCOPE = [/^libs\/testing\//, /^tools\/bench\//, /^tools\/deploy\//, /^tools\/coverage\//, /^tools\/nx\//, /^tools\/jest\//];

const walk = (dir, keep, skip = () => false) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const path = join(dir, e.name);
        if (e.isDirectory()) return ['node_modules', 'dist'].includes(e.name) || skip(path) ? [] : walk(path, keep, skip);
        return keep(path) ? [path] : [];
      })
    : [];

const inScope = (file) => {
  const rel = relative(root, file);
  if (!/\.ts$/.test(rel) || /\.(spec|test|d)\.ts$/.test(rel) || /(^|\/)(test|fixtures)\//.test(rel)) return false;
  if (OUT_OF_SCOPE.some((re) => re.test(rel))) return false;
  return /^(apps|libs)\/[^/]+\/src\//.test(rel) || rel.startsWith('tools/');
};

/** The project owning a file: the deepest folder above it with a project.json. */
const projectRoots = walk(root, (p) => p.endsWith('/project.json'), (p) => /\/(coverage|test|fixtures|\.git|\.nx)$/.test(p))
  .map((p) => relative(root, dirname(p)))
  .sort((a, b) => b.length - a.length);
const projectOf = (file) => {
  const rel = relative(root, file);
  const owner = projectRoots.find((p) => rel.startsWith(`${p}/`));
  return owner ? JSON.parse(readFileSync(join(root, owner, 'project.json'), 'utf8')).name : '(none)';
};

/** A file no test loaded: its statements and branches, all unexecuted (as Jest does it). */
async function uncovered(file) {
  const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
  const originalSource = readFileSync(file, 'utf8');
  const { code, map } = transformSync(originalSource, { ...swcrc, swcrc: false, filename: file, sourceMaps: true });
  const converter = v8ToIstanbul(file, 0, { source: code, originalSource, sourceMap: { sourcemap: JSON.parse(map) } });
  await converter.load();
  converter.applyCoverage([{ functionName: '(empty-report)', isBlockCoverage: true, ranges: [{ startOffset: 0, endOffset: code.length, count: 0 }] }]);
  return converter.toIstanbul();
}

if (process.argv.includes('--clean')) {
  // `npm test` starts from no coverage, so a project that no longer runs leaves nothing behind.
  rmSync(coverageDir, { recursive: true, force: true });
  process.exit(0);
}
const reports = walk(coverageDir, (p) => p.endsWith('/coverage-final.json'));
if (!reports.length) {
  console.error('coverage: no coverage/**/coverage-final.json; run the tests first (npm test or nx run-many -t test)');
  process.exit(1);
}
const map = libCoverage.createCoverageMap({});
for (const report of reports) {
  const data = JSON.parse(readFileSync(report, 'utf8'));
  for (const [file, fileCoverage] of Object.entries(data)) if (inScope(file)) map.merge({ [file]: fileCoverage });
}
// The built services the tests started (NODE_V8_COVERAGE, see libs/testing test-stack): raw V8
// coverage of dist/*.js, mapped back to the TypeScript sources through the build's source maps.
let childProcesses = 0;
const builtSources = new Map();
const builtSource = (file) => {
  if (!builtSources.has(file)) {
    const source = readFileSync(file, 'utf8');
    builtSources.set(file, { source, sourceMap: { sourcemap: JSON.parse(readFileSync(`${file}.map`, 'utf8')) } });
  }
  return builtSources.get(file);
};
for (const report of walk(coverageDir, (p) => /\/children\/coverage-[^/]+\.json$/.test(p))) {
  childProcesses++;
  for (const script of JSON.parse(readFileSync(report, 'utf8')).result ?? []) {
    if (!script.url.startsWith(`file://${root}/dist/`) || script.url.includes('/node_modules/')) continue;
    const file = new URL(script.url).pathname;
    if (!existsSync(`${file}.map`)) continue;
    // One converter per process and script: v8-to-istanbul sets counts, it does not add them.
    const converter = v8ToIstanbul(file, 0, builtSource(file));
    try {
      await converter.load();
      converter.applyCoverage(script.functions);
      for (const [source, fileCoverage] of Object.entries(converter.toIstanbul())) if (inScope(source)) map.merge({ [source]: fileCoverage });
    } catch {
      // A script rebuilt since it ran no longer matches its coverage: skip it.
    } finally {
      converter.destroy();
    }
  }
}
const sources = walk(root, inScope, (p) => /\/(coverage|\.git|\.nx)$/.test(p));
let neverLoaded = 0;
for (const file of sources) {
  if (map.files().includes(file)) continue;
  map.merge(await uncovered(file));
  neverLoaded++;
}

const byProject = new Map();
const total = libCoverage.createCoverageSummary();
for (const file of map.files()) {
  const summary = map.fileCoverageFor(file).toSummary();
  const name = projectOf(file);
  if (!byProject.has(name)) byProject.set(name, libCoverage.createCoverageSummary());
  byProject.get(name).merge(summary);
  total.merge(summary);
}

const pct = (m) => (m.total ? `${m.pct.toFixed(1)}%` : '—');
const cell = (m) => `${pct(m)} (${m.covered}/${m.total})`;
const rows = [...byProject.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, s]) => [name, cell(s.lines), cell(s.branches)]);
rows.push(['total', cell(total.lines), cell(total.branches)]);
const header = ['project', 'lines', 'branches'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
const table = [
  line(header),
  widths.map((w) => '-'.repeat(w)).join('  '),
  ...rows.slice(0, -1).map(line),
  widths.map((w) => '-'.repeat(w)).join('  '),
  line(rows.at(-1)),
].join('\n');

const failures = Object.entries(THRESHOLDS)
  .filter(([metric, min]) => total[metric].pct < min)
  .map(([metric, min]) => `${metric} ${total[metric].pct.toFixed(1)}% < ${min}%`);
const text = [
  `coverage (V8: Jest's own processes and ${childProcesses} service processes the tests started; ${map.files().length} source files, ${neverLoaded} loaded by none)`,
  table,
  failures.length ? `coverage: FAILED: ${failures.join(', ')}` : `coverage: ok (thresholds: lines ${THRESHOLDS.lines}%, branches ${THRESHOLDS.branches}%)`,
].join('\n');
mkdirSync(coverageDir, { recursive: true });
writeFileSync(join(coverageDir, 'summary.txt'), `${text}\n`);
writeFileSync(
  join(coverageDir, 'summary.json'),
  JSON.stringify({ total: { lines: total.lines.pct, branches: total.branches.pct }, projects: Object.fromEntries([...byProject].map(([n, s]) => [n, { lines: s.lines.pct, branches: s.branches.pct }])) }, null, 2),
);
console.log(`\n${text}`);
process.exit(failures.length ? 1 : 0);
