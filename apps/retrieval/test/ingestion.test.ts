import type { BusClient } from '@eloquent/bus';
import type { DocumentInput, IngestJobView } from '@eloquent/contracts';
import { TEST_REDIS_URL, waitFor, type TestDatabase } from '@eloquent/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import { startRetrievalHarness, type RetrievalHarness, type RetrievalReplica } from './support/retrieval-app';
import type { TestEmbedder } from './support/test-embedder';

const doc = (externalId: string, text: string, extra: Partial<DocumentInput> = {}): DocumentInput => ({
  externalId,
  title: `About ${externalId}`,
  text,
  ...extra,
});

/** Ingestion through the BullMQ queue, on real Postgres and Redis, with an embedder the test controls. */
describe('ingestion queue', () => {
  let harness: RetrievalHarness;
  let database: TestDatabase;
  let embedder: TestEmbedder;
  let retrieval: RetrievalReplica;
  let bus: BusClient;

  beforeAll(async () => {
    harness = await startRetrievalHarness('ingest', { INGEST_ATTEMPTS: '3', INGEST_BATCH_DOCS: '4' });
    ({ database, embedder, retrieval, bus } = harness);
  }, 30_000);

  afterAll(() => harness?.close());

  beforeEach(() => {
    embedder.failNextPassageCalls = 0;
    embedder.poison = undefined;
    embedder.invalid = undefined;
  });

  async function finished(jobId: string): Promise<IngestJobView> {
    return waitFor(
      `job ${jobId} to finish`,
      async () => {
        const view = await bus.request('retrieval.job', { jobId });
        return view.state === 'completed' || view.state === 'failed' ? view : undefined;
      },
      15_000,
    );
  }

  it('answers with a job id at once and reports progress until every document is in', async () => {
    const documents = Array.from({ length: 10 }, (_, i) => doc(`guide-${i}`, `# Guide ${i}\n\nHow to configure widget number ${i}. It needs a gear.`));
    const { jobId } = await bus.request('retrieval.enqueue', { namespace: 'guides', documents });
    expect(jobId).toEqual(expect.any(String));

    const view = await finished(jobId);
    expect(view).toEqual(
      expect.objectContaining({
        jobId,
        namespace: 'guides',
        state: 'completed',
        total: 10,
        processed: 10,
        counts: { created: 10, updated: 0, unchanged: 0, failed: 0 },
        errors: [],
        attempts: 1,
        finishedAt: expect.any(String),
      }),
    );
    // A finished job keeps its outcome, not the documents themselves.
    const redisClient = new Redis(TEST_REDIS_URL);
    try {
      const data = JSON.parse((await redisClient.hget(`${harness.prefix}bull:ingest:${jobId}`, 'data'))!);
      expect(data).toEqual({ namespace: 'guides', documents: [], externalIds: documents.map((d) => d.externalId) });
    } finally {
      redisClient.disconnect();
    }
    await waitFor('the index to have the documents', () => retrieval.registry.stats('guides').documents === 10);
    const { chunks } = await bus.request('retrieval.search', { query: 'widget number 7', namespace: 'guides', topK: 3 });
    expect(chunks[0].externalId).toBe('guide-7');
  });

  it('treats re-ingesting unchanged content as a no-op and replaces changed content', async () => {
    const first = await bus.request('retrieval.ingest', {
      namespace: 'idem',
      documents: [doc('a', 'Alpha text about ferns.'), doc('b', 'Beta text about moss.')],
    });
    expect(first.results.map((r) => r.outcome)).toEqual(['created', 'created']);
    await waitFor('the index to catch up', () => retrieval.registry.stats('idem').documents === 2);
    const version = retrieval.registry.get('idem')!.version;
    const calls = embedder.calls.length;

    const again = await bus.request('retrieval.ingest', {
      namespace: 'idem',
      documents: [doc('a', 'Alpha text about ferns.'), doc('b', 'Beta text about moss.')],
    });
    expect(again.results).toEqual([
      { externalId: 'a', outcome: 'unchanged', chunks: 1 },
      { externalId: 'b', outcome: 'unchanged', chunks: 1 },
    ]);
    expect(embedder.calls.length).toBe(calls); // nothing re-embedded
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT max(seq)::int AS seq FROM retrieval.documents WHERE namespace = 'idem'`);
      expect(rows[0].seq).toBe(version); // no new change-log entry

      const changed = await bus.request('retrieval.ingest', { namespace: 'idem', documents: [doc('a', 'Alpha text about cacti now.')] });
      expect(changed.results).toEqual([{ externalId: 'a', outcome: 'updated', chunks: 1 }]);
      const chunks = await db.query(
        `SELECT c.text, count(v.*)::int AS vectors FROM retrieval.chunks c JOIN retrieval.documents d ON d.id = c.document_id
         LEFT JOIN retrieval.chunk_vectors v ON v.chunk_id = c.id WHERE d.external_id = 'a' AND d.namespace = 'idem' GROUP BY c.text`,
      );
      expect(chunks.rows).toEqual([{ text: 'Alpha text about cacti now.', vectors: 1 }]);
    } finally {
      await db.end();
    }
    await waitFor('the update to reach the index', async () => {
      const { chunks } = await retrieval.search.search({ query: 'cacti', namespace: 'idem', mode: 'bm25' });
      return chunks[0]?.externalId === 'a';
    });
    expect((await retrieval.search.search({ query: 'ferns', namespace: 'idem', mode: 'bm25' })).chunks).toEqual([]);
  });

  it('retries documents after a transient embedding outage, with backoff, until they are in', async () => {
    embedder.failNextPassageCalls = 4; // the whole first attempt fails: the batch request, then each document alone
    const { jobId } = await bus.request('retrieval.enqueue', {
      namespace: 'flaky',
      documents: [doc('x', 'Xylophone care.'), doc('y', 'Yak grooming.'), doc('z', 'Zither tuning.')],
    });
    const view = await finished(jobId);
    expect(view.state).toBe('completed');
    expect(view.counts).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 0 });
    expect(view.attempts).toBeGreaterThan(1);
  });

  it('ends a document that keeps failing as failed with its reason, while the others go on', async () => {
    embedder.poison = /POISON/;
    embedder.invalid = /REFUSED/;
    const { jobId } = await bus.request('retrieval.enqueue', {
      namespace: 'mixed',
      documents: [
        doc('ok-1', 'A fine document about rivers.'),
        doc('poisoned', 'This one says POISON and the provider always rate-limits it.'),
        doc('refused', 'This one is REFUSED by the provider.'),
        doc('ok-2', 'Another fine document about lakes.'),
      ],
    });
    const view = await finished(jobId);
    expect(view.state).toBe('completed');
    expect(view.attempts).toBe(3); // INGEST_ATTEMPTS: the poisoned document was retried until they ran out
    expect(view.counts).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 2 });
    expect(view.errors).toEqual(
      expect.arrayContaining([
        { externalId: 'poisoned', error: 'provider returned 429' },
        { externalId: 'refused', error: 'embedding failed: text refused by the provider' },
      ]),
    );
    const listed = await bus.request('retrieval.list', { namespace: 'mixed' });
    expect(listed.documents.map((d) => d.externalId)).toEqual(['ok-1', 'ok-2']);
  });

  it('refuses a batch with a NUL character (Postgres cannot store it) before anything is queued', async () => {
    await expect(
      bus.request('retrieval.enqueue', {
        namespace: 'nul',
        documents: [doc('ok', 'Fine.'), doc('nul', 'Postgres cannot store a NUL \u0000 character in text.')],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const listed = await bus.request('retrieval.list', { namespace: 'nul' });
    expect(listed.documents).toEqual([]);
  });

  it('lists documents a page at a time', async () => {
    await bus.request('retrieval.ingest', { namespace: 'paged', documents: ['c', 'a', 'b'].map((id) => doc(id, `Text ${id}.`, { metadata: { lang: 'en' } })) });
    const first = await bus.request('retrieval.list', { namespace: 'paged', limit: 2 });
    expect(first.documents.map((d) => d.externalId)).toEqual(['a', 'b']);
    expect(first.documents[0]).toEqual({
      namespace: 'paged',
      externalId: 'a',
      title: 'About a',
      metadata: { lang: 'en' },
      chunks: 1,
      updatedAt: expect.any(String),
    });
    const second = await bus.request('retrieval.list', { namespace: 'paged', limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({ documents: [expect.objectContaining({ externalId: 'c' })] });
  });

  it.each([
    ['no documents', { documents: [] }],
    ['a document without text', { documents: [{ externalId: 'a', title: 'A' }] }],
    ['an externalId twice', { documents: [doc('same', 'one'), doc('same', 'two')] }],
    ['a bad namespace', { namespace: 'Not Valid!', documents: [doc('a', 'x')] }],
  ])('refuses %s with VALIDATION_FAILED', async (_, request) => {
    await expect(bus.request('retrieval.enqueue', request as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answers NOT_FOUND for an unknown job or document', async () => {
    await expect(bus.request('retrieval.job', { jobId: 'no-such-job' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(bus.request('retrieval.delete', { namespace: 'guides', externalId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
