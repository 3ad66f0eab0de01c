import type { BusClient } from '@eloquent/bus';
import { encodeVector } from '@eloquent/contracts';
import { RetrievalConfigSchema } from '../config';
import type { IndexRegistry } from '../local-index/index-registry';
import type { VectorBackend } from '../vector-backends/vector-backend';
import type { ChunkTexts } from './chunk-texts';
import type { KeywordSide, RemoteKeywordSides } from './keyword-side';
import { QueryEmbedder } from './query-embedder';
import type { SearchCache } from './search-cache';
import { SearchService, withTimings } from './search.service';

describe('withTimings', () => {
  it('adds the request’s timings to a cached response’s JSON text', () => {
    const json = JSON.stringify({ chunks: [{ text: 'a } brace' }], legs: ['bm25'] });
    expect(JSON.parse(withTimings(json, { cache: 1, total: 1 }))).toEqual({
      chunks: [{ text: 'a } brace' }],
      legs: ['bm25'],
      timingsMs: { cache: 1, total: 1 },
    });
  });

  it('replaces timings an entry was cached with', () => {
    const json = JSON.stringify({ chunks: [], legs: [], timingsMs: { total: 9 } });
    expect(JSON.parse(withTimings(json, { total: 1 })).timingsMs).toEqual({ total: 1 });
  });
});

describe('SearchService, hybrid with the BM25 leg on this thread', () => {
  /**
   * The real QueryEmbedder (breaker and timeout) over a bus that, like BusClient, writes the
   * request a few promise continuations after it is called; the BM25 leg notes whether the
   * request had been written when it started.
   */
  function setUp() {
    const events: string[] = [];
    const config = RetrievalConfigSchema.parse({
      DATABASE_URL: 'postgres://localhost/x',
      REDIS_URL: 'redis://localhost:6379',
      INDEX_MODE: 'stateless',
      VECTOR_BACKEND: 'pinecone',
      PINECONE_API_KEY: 'k',
      PINECONE_INDEX: 'i',
    });
    const bus = {
      request: async () => {
        await Promise.resolve();
        await Promise.resolve();
        events.push('embedding requested');
        return { vectors: [encodeVector(new Float32Array([1, 0]))] };
      },
    } as unknown as BusClient;
    const side: KeywordSide = {
      version: 1,
      chunkCount: 2,
      queryWeights: () => new Map(),
      termStats: () => [],
      search: () => {
        events.push('bm25 leg');
        return [{ id: 'a', score: 2 }];
      },
    };
    const backend: VectorBackend = {
      name: 'memory',
      fusesKeywords: false,
      query: async () => {
        events.push('vector leg');
        return [{ id: 'b', score: 0.9 }];
      },
    } as unknown as VectorBackend;
    const texts = {
      render: async (ids: string[]) =>
        new Map(ids.map((id) => [id, { chunkId: id, documentId: `d-${id}`, externalId: id, title: id, headingPath: [], text: `text ${id}` }])),
    } as unknown as ChunkTexts;
    const service = new SearchService(
      { loaded: true, space: { model: 'm' } } as unknown as IndexRegistry,
      new QueryEmbedder(bus, config),
      { key: () => 'k', get: async () => undefined, set: async () => undefined } as unknown as SearchCache,
      texts,
      { open: async () => side } as unknown as RemoteKeywordSides,
      backend,
      config,
    );
    return { service, events };
  }

  it('has the embedding request on the bus before the BM25 leg holds the thread, then runs the vector leg', async () => {
    const { service, events } = setUp();
    const response = await service.search({ namespace: 'ns', query: 'what is it', topK: 10, mode: 'hybrid' });
    expect(events).toEqual(['embedding requested', 'bm25 leg', 'vector leg']);
    expect(response.legs).toEqual(['bm25', 'vector']);
    expect(response.chunks.map((c) => c.chunkId).sort()).toEqual(['a', 'b']);
  });

  it('does not wait for anything before a BM25-only search', async () => {
    const { service, events } = setUp();
    await service.search({ namespace: 'ns', query: 'what is it', topK: 10, mode: 'bm25' });
    expect(events).toEqual(['bm25 leg']);
  });
});
