import { REPO_ROOT, startTestStack, TEST_REDIS_URL, type TestStack } from '@eloquent/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const FIXTURE = join(__dirname, 'fixtures/tiny');

/**
 * `npm run eval` (the built CLI) on a four-document BEIR fixture, against the real services.
 * BM25 rankings of these queries are unambiguous, so the metrics are computed by hand:
 *   q1 "french press coffee" → d1 (rel 1; all three terms), d3 (rel 2; "coffee" only)
 *        nDCG@10 = (1/log2(2) + 2/log2(3)) / (2/log2(2) + 1/log2(3)) = 2.2618595 / 2.6309298 = 0.859719
 *        Recall@100 = 1, MRR@10 = 1 (d1 is relevant)
 *   q2 "sourdough starter" → d4 (rel 1): nDCG 1, Recall 1, MRR 1
 *   q3 "green tea" → d2 only; the judged d3 shares no term: nDCG 0, Recall 0, MRR 0
 *   q4 has no judgements and is not evaluated.
 *   Means over 3 queries: nDCG@10 0.6199, Recall@100 0.6667, MRR@10 0.6667.
 */
describe('npm run eval on a tiny BEIR fixture', () => {
  let env: TestStack;
  let out: string;

  beforeAll(async () => {
    env = await startTestStack('eval', { LOG_LEVEL: 'warn' });
    out = mkdtempSync(join(tmpdir(), 'eloquent-eval-'));
  }, 120_000);

  afterAll(async () => {
    if (out) rmSync(out, { recursive: true, force: true });
    await env?.stop();
  });

  it('ingests through the queue, scores every mode and writes TREC run files', async () => {
    const runOut = join(out, 'tiny.run');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(REPO_ROOT, 'dist/tools/eval/main.js'), '--data', FIXTURE, '--split', 'dev', '--mode', 'all', '--run-out', runOut],
      { env: { ...process.env, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: env.prefix }, timeout: 60_000 },
    );
    expect(stdout).toContain('4 documents, 3 judged queries in split dev');
    expect(stdout).toMatch(/corpus: 4 documents → 4 chunks/);
    const rows = Object.fromEntries(
      stdout
        .split('\n')
        .filter((line) => /^(hybrid|bm25|vector)\s/.test(line))
        .map((line) => line.trim().split(/\s{2,}/))
        .map(([mode, ...cells]) => [mode, cells]),
    );
    expect(rows.bm25.slice(0, 3)).toEqual(['0.6199', '0.6667', '0.6667']);
    for (const mode of ['hybrid', 'vector']) {
      expect(rows[mode]).toHaveLength(6);
      expect(rows[mode][5]).toBe('0'); // no degraded answer: the vector leg ran
    }
    expect(stdout).toContain('removed the 4 evaluation documents');

    const bm25Run = readFileSync(`${runOut}.bm25`, 'utf8').trim().split('\n');
    expect(bm25Run.map((line) => line.split(' ').filter((_, i) => i !== 4))).toEqual([
      ['q1', 'Q0', 'd1', '1', 'eloquent-bm25'],
      ['q1', 'Q0', 'd3', '2', 'eloquent-bm25'],
      ['q2', 'Q0', 'd4', '1', 'eloquent-bm25'],
      ['q3', 'Q0', 'd2', '1', 'eloquent-bm25'],
    ]);
    expect(Number(bm25Run[0].split(' ')[4])).toBeGreaterThan(Number(bm25Run[1].split(' ')[4]));
    expect(readFileSync(`${runOut}.hybrid`, 'utf8')).toMatch(/^q1 Q0 \S+ 1 [\d.]+ eloquent-hybrid$/m);
  }, 90_000);
});
