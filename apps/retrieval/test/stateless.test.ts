import type { BusClient } from '@eloquent/bus';
import { waitFor } from '@eloquent/testing';
import { FakePinecone, hybridQuery, SHOP_DOCUMENTS } from './support/fake-pinecone';
import { startRetrieval, startRetrievalHarness, type RetrievalHarness, type RetrievalReplica } from './support/retrieval-app';
import type { TestEmbedder } from './support/test-embedder';

const API_KEY = 'pc-test-key';
const INDEX = 'eloquent-stateless';
const MODEL = 'test-hash-16';
const STATELESS = {
  INDEX_MODE: 'stateless',
  VECTOR_BACKEND: 'pinecone',
  PINECONE_API_KEY: API_KEY,
  PINECONE_INDEX: INDEX,
  SEARCH_CACHE_TTL_S: '0',
};

/**
 * INDEX_MODE=stateless (docs/retrieval.md, "Modes"): Pinecone, through the official SDK against
 * a local server speaking its wire format, holds the dense and the BM25-sparse leg; the replicas
 * hold nothing per chunk (the keyword statistics are in Postgres, the texts of the hits are read
 * from it), boot without loading chunks, and follow the change log's updates and deletes.
 */
describe('stateless index mode', () => {
  const pinecone = new FakePinecone(INDEX, 16, API_KEY);
  let harness: RetrievalHarness;
  let embedder: TestEmbedder;
  let retrieval: RetrievalReplica;
  let bus: BusClient;
  const externalIds = (chunks: Array<{ externalId: string }>) => chunks.map((c) => c.externalId);
  const inPinecone = (externalId: string) => [...pinecone.records('shop').values()].filter((r) => r.metadata._ext === externalId);

  beforeAll(async () => {
    const url = await pinecone.start();
    harness = await startRetrievalHarness('stateless', { ...STATELESS, PINECONE_CONTROLLER_HOST: url });
    ({ embedder, retrieval, bus } = harness);
    await bus.request('retrieval.ingest', {
      namespace: 'shop',
      documents: [...SHOP_DOCUMENTS, { externalId: 'warranty', title: 'Warranty', text: 'Every device has a two year warranty.', metadata: { lang: 'en' } }],
    });
    // The statistics commit with the sync's cursor, just after the records reach Pinecone.
    await waitFor('the records and statistics to be synced', async () => {
      if (pinecone.records('shop').size !== 4) return false;
      return (await bus.request('retrieval.search', { query: 'refund', namespace: 'shop', mode: 'bm25' })).indexedChunks === 4;
    });
  }, 30_000);

  afterAll(async () => {
    await harness?.close();
    await pinecone.stop();
  });

  it('holds no chunk in the replica: search runs in Pinecone, texts come from Postgres', async () => {
    const response = await bus.request('retrieval.search', { query: 'refund', namespace: 'shop', topK: 2 });
    expect(response.legs).toEqual(['bm25', 'vector']);
    expect(response.degraded).toBeUndefined();
    expect(externalIds(response.chunks).sort()).toEqual(['retours', 'returns']);
    expect(response.chunks.find((c) => c.externalId === 'returns')!.text).toContain('full refund');
    expect(response.indexedChunks).toBe(4);
    expect(response.queryTerms).toEqual([{ term: 'refund', chunks: 2 }]);
    expect([...retrieval.registry.entries()]).toEqual([]);
    expect(pinecone.lastQuery()).toEqual(hybridQuery('shop', MODEL));
  });

  it('answers BM25 mode from the sparse leg alone, with metadata filters in Pinecone', async () => {
    const response = await bus.request('retrieval.search', { query: 'refund', namespace: 'shop', mode: 'bm25', filter: { lang: 'fr' } });
    expect(response.legs).toEqual(['bm25']);
    expect(externalIds(response.chunks)).toEqual(['retours']);
    const query = pinecone.lastQuery();
    expect((query.vector as number[]).every((v) => v === 0)).toBe(true);
    expect(query.filter).toEqual({ lang: { $eq: 'fr' }, _model: { $eq: MODEL } });
  });

  it('follows updates: an updated document is found by its new words, not its old ones', async () => {
    await bus.request('retrieval.ingest', {
      namespace: 'shop',
      documents: [{ externalId: 'delivery', title: 'Delivery', text: 'Parcels now come next morning with a drone.', metadata: { lang: 'en' } }],
    });
    await waitFor('the new version alone in Pinecone', async () => {
      const bm25 = await bus.request('retrieval.search', { query: 'drone parcels', namespace: 'shop', mode: 'bm25' });
      return inPinecone('delivery').length === 1 && externalIds(bm25.chunks).includes('delivery');
    });
    const byNew = await bus.request('retrieval.search', { query: 'drone parcels', namespace: 'shop' });
    expect(byNew.chunks[0].externalId).toBe('delivery');
    expect(byNew.chunks[0].text).toContain('drone');
    const byOld = await bus.request('retrieval.search', { query: 'courier orders', namespace: 'shop', mode: 'bm25' });
    expect(externalIds(byOld.chunks)).not.toContain('delivery');
    expect(byOld.queryTerms).toEqual([
      { term: 'courier', chunks: 0 },
      { term: 'order', chunks: 0 },
    ]);
  });

  it('follows deletes: a deleted document is no longer found, and the statistics drop it', async () => {
    await bus.request('retrieval.delete', { namespace: 'shop', externalId: 'returns' });
    await waitFor('the records to leave Pinecone', () => inPinecone('returns').length === 0);
    await waitFor('the statistics to drop it', async () => (await bus.request('retrieval.search', { query: 'refund', namespace: 'shop' })).indexedChunks === 3);
    const response = await bus.request('retrieval.search', { query: 'refund item', namespace: 'shop' });
    expect(externalIds(response.chunks)).not.toContain('returns');
    expect(response.queryTerms).toEqual([
      { term: 'refund', chunks: 1 },
      { term: 'item', chunks: 0 },
    ]);
  });

  it('boots a new replica without loading chunks, ready to search at once', async () => {
    const replica = await startRetrieval(harness.database.url, harness.prefix, { ...STATELESS, PINECONE_CONTROLLER_HOST: pinecone.url });
    try {
      expect([...replica.registry.entries()]).toEqual([]);
      expect(replica.registry.stats()).toEqual(expect.objectContaining({ chunks: 0, model: MODEL, vectorIndex: 'pinecone' }));
      const response = await replica.search.search({ query: 'warranty device', namespace: 'shop', topK: 1 });
      expect(externalIds(response.chunks)).toEqual(['warranty']);
      const health = (await (await fetch(`http://127.0.0.1:${replica.config.PORT}/health/ready`)).json()) as { details: { index: Record<string, unknown> } };
      expect(health.details.index).toEqual(expect.objectContaining({ indexMode: 'stateless', pinecone: { dimension: 16, records: 3 } }));
    } finally {
      await replica.close();
    }
  });

  it('answers from the sparse leg alone, marked degraded, when queries cannot be embedded', async () => {
    embedder.queriesDown = true;
    try {
      const response = await bus.request('retrieval.search', { query: 'warranty', namespace: 'shop' });
      expect(response.legs).toEqual(['bm25']);
      expect(response.degraded).toMatch(/vector leg unavailable/);
      expect(response.chunks[0].externalId).toBe('warranty');
    } finally {
      embedder.queriesDown = false;
    }
  });

  it('fails the search with a stable code when Pinecone is down (there is no local leg to fall back on)', async () => {
    pinecone.failQueriesWith = 503;
    try {
      await expect(bus.request('retrieval.search', { query: 'warranty', namespace: 'shop' })).rejects.toMatchObject({
        code: expect.stringMatching(/UNAVAILABLE|TIMEOUT/),
      });
    } finally {
      pinecone.failQueriesWith = undefined;
    }
  });
});
