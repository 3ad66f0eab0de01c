import type { BusClient } from '@eloquent/bus';
import { TEST_REDIS_URL, waitFor } from '@eloquent/testing';
import Redis from 'ioredis';
import { helpArticles as articles } from './support/help-articles';
import { startRetrieval, startRetrievalHarness, type RetrievalHarness, type RetrievalReplica } from './support/retrieval-app';
import type { TestEmbedder } from './support/test-embedder';

const NS = 'help';

/**
 * Two retrieval replicas (two Nest apps, one database and Redis prefix), each following the
 * change log: every write is visible on both, a delete disappears from both within a second,
 * and the Redis search cache never serves a result from before a write.
 */
describe('retrieval replicas', () => {
  let harness: RetrievalHarness;
  let second: RetrievalReplica;
  let embedder: TestEmbedder;
  let replicas: RetrievalReplica[];
  let bus: BusClient;

  beforeAll(async () => {
    // Default settings (change notifications on, the fallback poll 5 s away): the 1 s bound below
    // holds without tuning.
    const env = { INDEX_FALLBACK_POLL_MS: '5000' };
    harness = await startRetrievalHarness('replicas', env);
    second = await startRetrieval(harness.database.url, harness.prefix, env);
    ({ embedder, bus } = harness);
    replicas = [harness.retrieval, second];
    await bus.request('retrieval.ingest', { namespace: NS, documents: articles });
  }, 30_000);

  afterAll(async () => {
    await second?.close();
    await harness?.close();
  });

  /** Hybrid search returns every chunk with a vector score; mode bm25 only those containing a query term. */
  const externalIds = async (replica: RetrievalReplica, query: string, mode: 'hybrid' | 'bm25' = 'hybrid') =>
    (await replica.search.search({ query, namespace: NS, topK: 10, mode })).chunks.map((c) => c.externalId);

  it('shows a new document on both replicas', async () => {
    for (const replica of replicas)
      await waitFor('the replica to index the articles', async () => (await externalIds(replica, 'refund'))[0] === 'refunds', 2_000);
    const [a, b] = await Promise.all(replicas.map((r) => r.search.search({ query: 'refund purchase', namespace: NS, topK: 3 })));
    expect(a.legs).toEqual(['bm25', 'vector']);
    expect(a.chunks.map((c) => [c.chunkId, c.score])).toEqual(b.chunks.map((c) => [c.chunkId, c.score]));
    expect(a.chunks[0]).toEqual(
      expect.objectContaining({ externalId: 'refunds', title: 'Refunds', headingPath: [], scores: { bm25: expect.any(Number), vector: expect.any(Number) } }),
    );
  });

  it('shows an update on both replicas', async () => {
    await bus.request('retrieval.ingest', { namespace: NS, documents: [{ externalId: 'shipping', title: 'Shipping', text: 'Parcels now travel by drone.' }] });
    for (const replica of replicas) {
      await waitFor('the update on every replica', async () => (await externalIds(replica, 'drone', 'bm25')).includes('shipping'), 1_000);
      expect(await externalIds(replica, 'courier', 'bm25')).toEqual([]);
    }
  });

  it('stops returning a deleted document on both replicas within a second', async () => {
    for (const replica of replicas) expect(await externalIds(replica, 'password reset')).toContain('passwords');
    await bus.request('retrieval.delete', { namespace: NS, externalId: 'passwords' });
    await Promise.all(
      replicas.map((replica) =>
        waitFor('the delete on every replica', async () => !(await externalIds(replica, 'password reset')).includes('passwords'), 1_000, 20),
      ),
    );
    expect(replicas.map((r) => r.registry.stats(NS).documents)).toEqual([2, 2]);
  });

  it('serves repeated searches from the Redis cache, and never a result from before a write', async () => {
    const request = { query: 'refund within days', namespace: NS, topK: 5 };
    const first = await bus.request('retrieval.search', request);
    expect(first.timingsMs.cache).toBeUndefined();
    const second = await bus.request('retrieval.search', request);
    expect(second.timingsMs.cache).toEqual(expect.any(Number));
    expect(second.chunks).toEqual(first.chunks);

    const before = Math.max(...replicas.map((r) => r.registry.get(NS)!.version));
    await bus.request('retrieval.ingest', {
      namespace: NS,
      documents: [{ externalId: 'refunds', title: 'Refunds', text: 'Refunds are no longer possible after 14 days.' }],
    });
    // Whichever replica answers, and as soon as it has applied the write, the old text is gone.
    await waitFor('both replicas to apply the write', () => replicas.every((r) => r.registry.get(NS)!.version > before));
    for (let i = 0; i < 4; i++) {
      const after = await bus.request('retrieval.search', request);
      expect(after.chunks[0].text).toBe('Refunds are no longer possible after 14 days.');
    }
    const client = new Redis(TEST_REDIS_URL);
    try {
      const keys = await client.keys(`${harness.prefix}search:${NS}:*`);
      expect(new Set(keys.map((k) => k.split(':').at(-2))).size).toBeGreaterThanOrEqual(2); // one version before the write, one after
    } finally {
      client.disconnect();
    }
  });

  it.each([
    ['an empty query', { query: '   ' }, /query must not be empty/],
    ['topK 0', { query: 'refund', topK: 0 }, /topK must be at least 1/],
    ['topK over 100', { query: 'refund', topK: 101 }, /topK must be at most 100/],
    ['a 10 KB query', { query: 'refund '.repeat(1500) }, /query is longer than 2000 characters/],
    ['an unknown mode', { query: 'refund', mode: 'fuzzy' }, /mode/],
    ['an unknown field', { query: 'refund', boost: 2 }, /boost/],
  ])('refuses %s with VALIDATION_FAILED', async (_, request, message) => {
    await expect(bus.request('retrieval.search', request as never)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(message),
    });
  });

  it('filters by metadata and searches one leg on request', async () => {
    await bus.request('retrieval.ingest', {
      namespace: NS,
      documents: [
        { externalId: 'fr-refunds', title: 'Remboursements', text: 'Refund policy in French: refund within 30 days.', metadata: { lang: 'fr' } },
        { externalId: 'en-refunds', title: 'Refund policy', text: 'Refund within 30 days.', metadata: { lang: 'en' } },
      ],
    });
    await waitFor('the replicas to index them', () => replicas.every((r) => r.registry.stats(NS).documents === 4));
    const french = await bus.request('retrieval.search', { query: 'refund', namespace: NS, filter: { lang: 'fr' } });
    expect(french.chunks.map((c) => c.externalId)).toEqual(['fr-refunds']);
    const bm25 = await bus.request('retrieval.search', { query: 'refund', namespace: NS, mode: 'bm25' });
    expect(bm25.legs).toEqual(['bm25']);
    expect(bm25.chunks.every((c) => c.scores.vector === undefined)).toBe(true);
    const vector = await bus.request('retrieval.search', { query: 'refund', namespace: NS, mode: 'vector' });
    expect(vector.legs).toEqual(['vector']);
  });

  it('answers BM25-only, marked degraded, when the embedding service is down', async () => {
    embedder.queriesDown = true;
    const flagged = await bus.request('retrieval.search', { query: 'drone parcels', namespace: NS });
    expect(flagged.legs).toEqual(['bm25']);
    expect(flagged.degraded).toMatch(/vector leg unavailable \(EMBEDDING_UNAVAILABLE\)/);
    expect(flagged.chunks[0].externalId).toBe('shipping');

    await harness.stopEmbedder(); // gone altogether: the query embedding times out
    const down = await bus.request('retrieval.search', { query: 'parcels by drone', namespace: NS, mode: 'vector' });
    expect(down.legs).toEqual(['bm25']);
    expect(down.degraded).toMatch(/UPSTREAM_TIMEOUT/);
    expect(down.chunks[0].externalId).toBe('shipping');
    // Degraded answers are not cached: the same search asks for the embedding again.
    const again = await bus.request('retrieval.search', { query: 'parcels by drone', namespace: NS, mode: 'vector' });
    expect(again.timingsMs.cache).toBeUndefined();
  });
});
