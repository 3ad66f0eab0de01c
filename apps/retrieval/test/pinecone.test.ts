import type { BusClient } from '@eloquent/bus';
import { waitFor } from '@eloquent/testing';
import { FakePinecone, hybridQuery, SHOP_DOCUMENTS } from './support/fake-pinecone';
import { startRetrievalHarness, type RetrievalHarness, type RetrievalReplica } from './support/retrieval-app';
import type { TestEmbedder } from './support/test-embedder';

const API_KEY = 'pc-test-key';
const INDEX = 'eloquent-test';
const MODEL = 'test-hash-16';

/**
 * VECTOR_BACKEND=pinecone, with the official SDK (@pinecone-database/pinecone) talking to a
 * local server that speaks Pinecone's wire format: the change log is mirrored as dense +
 * BM25-sparse records, hybrid queries run in Pinecone, filters and namespaces map to
 * Pinecone's, and updates and deletes remove stale records.
 */
describe('Pinecone vector backend', () => {
  const pinecone = new FakePinecone(INDEX, 16, API_KEY);
  let harness: RetrievalHarness;
  let embedder: TestEmbedder;
  let retrieval: RetrievalReplica;
  let bus: BusClient;

  beforeAll(async () => {
    const url = await pinecone.start();
    harness = await startRetrievalHarness('pinecone', {
      VECTOR_BACKEND: 'pinecone',
      PINECONE_API_KEY: API_KEY,
      PINECONE_INDEX: INDEX,
      PINECONE_CONTROLLER_HOST: url,
      SEARCH_CACHE_TTL_S: '0',
    });
    ({ embedder, retrieval, bus } = harness);
    await bus.request('retrieval.ingest', {
      namespace: 'shop',
      documents: SHOP_DOCUMENTS,
    });
    await bus.request('retrieval.ingest', {
      namespace: 'internal',
      documents: [{ externalId: 'payroll', title: 'Payroll', text: 'Refund of expenses is paid monthly.' }],
    });
    await waitFor('the records to reach Pinecone', () => pinecone.records('shop').size === 3 && pinecone.records('internal').size === 1);
    // The keyword leg stays in this replica's memory: it follows the change log on its own schedule.
    await waitFor(
      'the in-memory BM25 index to follow',
      () => retrieval.registry.stats('shop').documents === SHOP_DOCUMENTS.length && retrieval.registry.stats('internal').documents === 1,
    );
  }, 30_000);

  afterAll(async () => {
    await harness?.close();
    await pinecone.stop();
  });

  it('looks the index host up, then stores each chunk with its dense and BM25-sparse vectors and metadata', () => {
    expect(pinecone.requests[0]).toEqual(expect.objectContaining({ method: 'GET', path: `/indexes/${INDEX}` }));
    const record = [...pinecone.records('shop').values()].find((r) => r.metadata._ext === 'returns')!;
    expect(record.values).toHaveLength(16);
    expect(record.metadata).toEqual({ lang: 'en', _doc: expect.any(String), _ext: 'returns', _model: MODEL, _seq: expect.any(Number) });
    expect(record.sparseValues!.indices.length).toBe(record.sparseValues!.values.length);
    expect([...record.sparseValues!.indices]).toEqual([...record.sparseValues!.indices].sort((a, b) => a - b));
    expect(record.sparseValues!.values.every((v) => v > 0)).toBe(true);
  });

  it('answers a hybrid search with one Pinecone query carrying both vectors, within the namespace', async () => {
    const queriesBefore = pinecone.requests.filter((r) => r.path === '/query').length;
    const response = await bus.request('retrieval.search', { query: 'refund', namespace: 'shop', topK: 5 });
    expect(response.legs).toEqual(['bm25', 'vector']);
    expect(response.degraded).toBeUndefined();
    expect(
      response.chunks
        .map((c) => c.externalId)
        .slice(0, 2)
        .sort(),
    ).toEqual(['retours', 'returns']);
    expect(response.chunks.map((c) => c.externalId)).not.toContain('payroll');
    const queries = pinecone.requests.filter((r) => r.path === '/query');
    expect(queries).toHaveLength(queriesBefore + 1);
    expect(queries.at(-1)!.body).toEqual(hybridQuery('shop', MODEL));
  });

  it('passes metadata filters to Pinecone', async () => {
    const response = await bus.request('retrieval.search', { query: 'refund', namespace: 'shop', filter: { lang: 'fr' } });
    expect(response.chunks.map((c) => c.externalId)).toEqual(['retours']);
    expect(pinecone.requests.at(-1)!.body.filter).toEqual({ lang: { $eq: 'fr' }, _model: { $eq: MODEL } });
  });

  it('replaces the records of an updated document and removes those of a deleted one', async () => {
    const before = [...pinecone.records('shop').entries()].filter(([, r]) => r.metadata._ext === 'delivery').map(([id]) => id);
    await bus.request('retrieval.ingest', {
      namespace: 'shop',
      documents: [{ externalId: 'delivery', title: 'Delivery', text: 'Orders now arrive next day.', metadata: { lang: 'en' } }],
    });
    await waitFor('the new version in Pinecone', () => {
      const ids = [...pinecone.records('shop').entries()].filter(([, r]) => r.metadata._ext === 'delivery').map(([id]) => id);
      return ids.length === 1 && ids[0] !== before[0];
    });
    const deletes = pinecone.requests.filter((r) => r.path === '/vectors/delete');
    expect(deletes.at(-1)!.body).toEqual({ namespace: 'shop', filter: { _doc: { $in: [expect.any(String)] }, _seq: { $lte: expect.any(Number) } } });

    await bus.request('retrieval.delete', { namespace: 'shop', externalId: 'returns' });
    await waitFor('the records to leave Pinecone', () => ![...pinecone.records('shop').values()].some((r) => r.metadata._ext === 'returns'));
    const response = await bus.request('retrieval.search', { query: 'refund item', namespace: 'shop' });
    expect(response.chunks.map((c) => c.externalId)).not.toContain('returns');
  });

  it('reports the index stats on /health/ready', async () => {
    const report = (await (await fetch(`http://127.0.0.1:${retrieval.config.PORT}/health/ready`)).json()) as { details: { index: Record<string, unknown> } };
    expect(report.details.index).toEqual(expect.objectContaining({ vectorIndex: 'pinecone', model: MODEL, pinecone: { dimension: 16, records: 3 } }));
  });

  it('answers BM25-only, marked degraded, when Pinecone fails', async () => {
    pinecone.failQueriesWith = 503;
    try {
      const response = await bus.request('retrieval.search', { query: 'retournez', namespace: 'shop' });
      expect(response.legs).toEqual(['bm25']);
      expect(response.degraded).toMatch(/vector leg unavailable/);
      expect(response.chunks[0].externalId).toBe('retours');
    } finally {
      pinecone.failQueriesWith = undefined;
    }
    expect(embedder.calls.some((c) => c.kind === 'query')).toBe(true);
  });
});
