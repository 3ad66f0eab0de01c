import type { BusClient } from '@eloquent/bus';
import type { SearchResponse } from '@eloquent/contracts';
import { waitFor } from '@eloquent/testing';
import { Client } from 'pg';
import { startRetrievalHarness, type RetrievalHarness, type RetrievalReplica } from './support/retrieval-app';
import { TestEmbedder } from './support/test-embedder';

const OLD = 'test-hash-16';
const NEW = 'test-hash-32';
const NS = 'kb';

/**
 * Changing the embedding service's default model re-embeds the index into the new space
 * beside the old one, switches when every chunk has its new vector, and search keeps
 * answering with both legs throughout.
 */
describe('re-embedding into a new model', () => {
  const embedder = new TestEmbedder();
  embedder.models = { [OLD]: 16, [NEW]: 32 };
  let harness: RetrievalHarness;
  let retrieval: RetrievalReplica;
  let bus: BusClient;
  let db: Client;

  beforeAll(async () => {
    harness = await startRetrievalHarness(
      'reembed',
      { REEMBED_CHECK_MS: '100', REEMBED_BATCH: '2', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
      embedder,
    );
    ({ retrieval, bus } = harness);
    db = new Client({ connectionString: harness.database.url });
    await db.connect();
  }, 30_000);

  afterAll(async () => {
    await db?.end();
    await harness?.close();
  });

  it('builds the new vectors beside the old, keeps searching, then switches', async () => {
    const documents = Array.from({ length: 8 }, (_, i) => ({ externalId: `doc-${i}`, title: `Topic ${i}`, text: `Notes on subject ${i}: apples and pears.` }));
    await bus.request('retrieval.ingest', { namespace: NS, documents });
    await waitFor('the index to load', () => retrieval.registry.stats(NS).documents === 8);
    expect(retrieval.registry.stats(NS).model).toBe(OLD);

    embedder.passageDelayMs[NEW] = 100; // 4 batches of 2 chunks: the build takes a while
    embedder.defaultModel = NEW;
    await waitFor('the re-embedding to start', () => retrieval.registry.stats().targetModel === NEW, 5_000, 20);

    // A document written mid-build carries vectors in both spaces.
    await bus.request('retrieval.ingest', {
      namespace: NS,
      documents: [{ externalId: 'late', title: 'Late', text: 'Written during the re-embedding: plums.' }],
    });
    const during: SearchResponse[] = [];
    await waitFor(
      'the switch',
      async () => {
        if (retrieval.registry.stats().model === NEW) return true;
        during.push(await retrieval.search.search({ query: `apples subject ${during.length % 8}`, namespace: NS }));
        return false;
      },
      10_000,
      20,
    );
    expect(during.length).toBeGreaterThan(0);
    for (const response of during) {
      expect(response.legs).toEqual(['bm25', 'vector']);
      expect(response.degraded).toBeUndefined();
    }

    const { rows } = await db.query(`SELECT model, count(*)::int AS vectors FROM retrieval.chunk_vectors GROUP BY model`);
    expect(rows).toEqual([{ model: NEW, vectors: 9 }]); // old vectors dropped after the switch
    const space = await db.query(`SELECT active_model, active_dims, target_model FROM retrieval.vector_space`);
    expect(space.rows).toEqual([{ active_model: NEW, active_dims: 32, target_model: null }]);
    expect(retrieval.registry.stats()).toEqual(expect.objectContaining({ model: NEW, documents: 9, chunks: 9 }));
    expect(retrieval.registry.stats().targetModel).toBeUndefined();

    const calls = embedder.calls.length;
    const after = await bus.request('retrieval.search', { query: 'plums', namespace: NS, mode: 'vector', topK: 1 });
    expect(after.legs).toEqual(['vector']);
    expect(after.chunks[0].externalId).toBe('late');
    expect(embedder.calls.slice(calls)).toEqual([{ kind: 'query', model: NEW, texts: 1 }]);
  });

  it('cancels a re-embedding when the default model goes back', async () => {
    embedder.models['test-hash-8'] = 8;
    embedder.passageDelayMs['test-hash-8'] = 1_000;
    embedder.defaultModel = 'test-hash-8';
    await waitFor('the re-embedding to start', () => retrieval.registry.stats().targetModel === 'test-hash-8', 5_000, 20);
    embedder.defaultModel = NEW;
    await waitFor('the re-embedding to be cancelled', () => retrieval.registry.stats().targetModel === undefined, 5_000, 20);
    const { rows } = await db.query(`SELECT DISTINCT model FROM retrieval.chunk_vectors`);
    expect(rows).toEqual([{ model: NEW }]);
    expect(retrieval.registry.stats().model).toBe(NEW);
  });
});
