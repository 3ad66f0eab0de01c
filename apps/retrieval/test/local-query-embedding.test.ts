import type { SearchResponse } from '@eloquent/contracts';
import { hashedEmbeddingModelId } from '@eloquent/text';
import { waitFor } from '@eloquent/testing';
import { startRetrieval, startRetrievalHarness, type RetrievalHarness } from './support/retrieval-app';
import { TestEmbedder } from './support/test-embedder';

const NS = 'help';
const MODEL = hashedEmbeddingModelId(64);

/**
 * Queries in the deterministic hashed space are embedded by retrieval itself (docs/retrieval.md,
 * "Query embedding"): the same vectors as the embedding service's, without the round trip, and
 * the vector leg keeps working when the embedding service cannot answer queries.
 * `LOCAL_QUERY_EMBEDDING=off` asks the service as for any other model.
 */
describe('local query embedding (hashed space)', () => {
  let harness: RetrievalHarness;

  beforeAll(async () => {
    const embedder = new TestEmbedder();
    embedder.models = { [MODEL]: 64 };
    embedder.defaultModel = MODEL;
    // No search cache: the two replicas below share the Redis prefix, and each must compute.
    harness = await startRetrievalHarness('localq', { SEARCH_CACHE_TTL_S: '0' }, embedder);
    await harness.bus.request('retrieval.ingest', {
      namespace: NS,
      documents: [
        { externalId: 'shipping', title: 'Shipping', text: 'Parcels ship within two working days by courier.' },
        { externalId: 'returns', title: 'Returns', text: 'Send an unwanted item back within thirty days for a refund.' },
        { externalId: 'cards', title: 'Lost cards', text: 'Freeze a lost card in the app, then order a replacement.' },
      ],
    });
    await waitFor(
      'the documents to be indexed',
      async () => (await harness.retrieval.search.search({ query: 'courier', namespace: NS, mode: 'bm25' })).chunks.length > 0,
    );
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  const queryCalls = () => harness.embedder.calls.filter((c) => c.kind === 'query').length;
  const vectorScores = (response: SearchResponse) => response.chunks.map((c) => [c.externalId, c.scores.vector]);

  it('embeds the query in process: no query reaches the embedding service, and the vector leg runs', async () => {
    const before = queryCalls();
    const response = await harness.bus.request('retrieval.search', { query: 'my parcel has not arrived', namespace: NS, mode: 'vector' });
    expect(response.degraded).toBeUndefined();
    expect(response.legs).toEqual(['vector']);
    expect(response.chunks[0].externalId).toBe('shipping');
    expect(queryCalls()).toBe(before);
  });

  it('gives the scores the embedding service’s vectors give (LOCAL_QUERY_EMBEDDING=off on a second replica)', async () => {
    const remote = await startRetrieval(harness.database.url, harness.prefix, { LOCAL_QUERY_EMBEDDING: 'off', SEARCH_CACHE_TTL_S: '0' });
    try {
      await waitFor(
        'the second replica to load the index',
        async () => (await remote.search.search({ query: 'courier', namespace: NS, mode: 'bm25' })).chunks.length > 0,
      );
      for (const query of ['my parcel has not arrived', 'I lost my card', 'how do I get my money back for something I sent back']) {
        const before = queryCalls();
        const viaService = await remote.search.search({ query, namespace: NS, mode: 'hybrid' });
        expect(queryCalls()).toBe(before + 1);
        const local = await harness.retrieval.search.search({ query, namespace: NS, mode: 'hybrid' });
        expect(queryCalls()).toBe(before + 1);
        expect(local.degraded).toBeUndefined();
        expect(vectorScores(local)).toEqual(vectorScores(viaService));
      }
    } finally {
      await remote.close();
    }
  });

  it('keeps the vector leg when the embedding service is gone', async () => {
    await harness.stopEmbedder();
    const response = await harness.bus.request('retrieval.search', { query: 'replacement card', namespace: NS });
    expect(response.degraded).toBeUndefined();
    expect(response.legs).toEqual(['bm25', 'vector']);
    expect(response.chunks[0].externalId).toBe('cards');
  });
});
