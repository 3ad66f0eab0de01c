import { REPO_ROOT, TEST_REDIS_URL, waitFor } from '@eloquent/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { startRetrievalHarness, type RetrievalHarness } from './support/retrieval-app';

const run = promisify(execFile);
const NS = 'bulk';
const BULK_LOAD = join(REPO_ROOT, 'dist/apps/retrieval/src/bulk-load.js');

/**
 * The bulk loader (`dist/apps/retrieval/src/bulk-load.js`, used by bench:scale and for first
 * imports), run as operators run it: a JSON Lines corpus straight into an empty namespace,
 * embedded over the bus, picked up by a running replica from the change log. It leaves the
 * planner's statistics fresh, since a replica's rebuild reads the change log with a plan that
 * depends on them (docs/retrieval.md, "At scale").
 */
describe('bulk load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eloquent-bulk-load-'));
  const corpus = join(dir, 'corpus.jsonl');
  let harness: RetrievalHarness;
  let db: Client;

  const bulkLoad = (namespace: string) =>
    run(process.execPath, [BULK_LOAD, corpus, '--namespace', namespace], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: harness.database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: harness.prefix,
      },
    });

  beforeAll(async () => {
    harness = await startRetrievalHarness('bulkload', { SEARCH_CACHE_TTL_S: '0' });
    db = new Client({ connectionString: harness.database.url });
    await db.connect();
    writeFileSync(
      corpus,
      [
        { _id: 'd1', title: 'Freezing a card', text: 'Freeze your card in the app while you look for it.' },
        { _id: 'd2', title: 'Sending money abroad', text: 'International transfers arrive within five business days.' },
        { externalId: 'd3', title: 'Closing an account', text: 'Close your account from your profile once your balance is zero.' },
      ]
        .map((d) => JSON.stringify(d))
        .join('\n'),
    );
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads a corpus that a running replica then searches, and refreshes the planner statistics', async () => {
    const { stdout } = await bulkLoad(NS);
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ documents: 3, chunks: 3, seconds: expect.any(Number) });

    const { rows } = await db.query(
      `SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'retrieval' AND last_analyze IS NOT NULL AND relname = ANY($1) ORDER BY relname`,
      [['documents', 'chunks', 'chunk_vectors']],
    );
    expect(rows.map((r: { relname: string }) => r.relname)).toEqual(['chunk_vectors', 'chunks', 'documents']);

    const found = async () => (await harness.retrieval.search.search({ query: 'international transfers', namespace: NS, topK: 3 })).chunks;
    await waitFor('the replica to follow the bulk load', async () => (await found()).length > 0, 15_000);
    const hits = await found();
    expect(hits[0].externalId).toBe('d2');
    expect(hits[0].scores.vector).toEqual(expect.any(Number));
  });

  it('refuses a namespace that already has documents, naming it', async () => {
    await expect(bulkLoad(NS)).rejects.toMatchObject({ stderr: expect.stringContaining(`namespace ${NS} is not empty`) });
  });
});
