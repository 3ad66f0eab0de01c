import { waitFor } from '@eloquent/testing';
import { startRetrievalHarness, type RetrievalHarness } from './support/retrieval-app';

const NS = 'help';

/**
 * The query embedding behind a breaker (docs/failure-modes.md): with the embedding service
 * failing, only the first searches try it; the rest skip the vector leg at once (BM25-only,
 * marked degraded) until a trial after the half-open delay succeeds. Readiness shows the
 * degraded vector leg and stays 200.
 */
describe('query-embedding breaker', () => {
  let harness: RetrievalHarness;

  beforeAll(async () => {
    harness = await startRetrievalHarness('qbreaker', { QUERY_EMBED_BREAKER_THRESHOLD: '3', QUERY_EMBED_BREAKER_HALF_OPEN_MS: '8000' });
    await harness.bus.request('retrieval.ingest', {
      namespace: NS,
      documents: [{ externalId: 'shipping', title: 'Shipping', text: 'Parcels ship within two working days by courier.' }],
    });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
  });

  const readiness = async () => {
    const response = await fetch(`http://127.0.0.1:${harness.retrieval.config.PORT}/health/ready`);
    const body = (await response.json()) as { details: { index: { vectorLeg: string; queryEmbeddingBreaker: string } } };
    return { status: response.status, index: body.details.index };
  };
  const queryCalls = () => harness.embedder.calls.filter((c) => c.kind === 'query').length;
  const search = (query: string) => harness.bus.request('retrieval.search', { query, namespace: NS });

  it('stops calling a failing embedding service after the threshold, reports it in readiness, and recovers', async () => {
    await waitFor('the document to be indexed', async () => (await search('parcels courier')).chunks.length > 0);
    expect(await readiness()).toEqual({ status: 200, index: expect.objectContaining({ vectorLeg: 'ok', queryEmbeddingBreaker: 'closed' }) });

    harness.embedder.queriesDown = true;
    const before = queryCalls();
    for (const query of ['parcels one', 'parcels two', 'parcels three']) {
      expect((await search(query)).degraded).toMatch(/EMBEDDING_UNAVAILABLE/);
    }
    expect(queryCalls() - before).toBe(3);

    // Open: searches are BM25-only without asking the embedding service.
    for (const query of ['parcels four', 'parcels five', 'parcels six', 'parcels seven']) {
      const result = await search(query);
      expect(result.legs).toEqual(['bm25']);
      expect(result.degraded).toMatch(/vector leg unavailable/);
      expect(result.chunks[0].externalId).toBe('shipping');
    }
    expect(queryCalls() - before).toBe(3);
    expect(await readiness()).toEqual({ status: 200, index: expect.objectContaining({ vectorLeg: 'degraded', queryEmbeddingBreaker: 'open' }) });

    // Back: after the half-open delay one search tries again, succeeds, and the breaker closes.
    harness.embedder.queriesDown = false;
    await waitFor('the vector leg to come back', async () => (await search(`parcels again ${Date.now()}`)).legs.includes('vector'), 30_000, 250);
    expect(await readiness()).toEqual({ status: 200, index: expect.objectContaining({ vectorLeg: 'ok', queryEmbeddingBreaker: 'closed' }) });
  });
});
