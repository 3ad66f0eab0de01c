import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { AppError, parseOrThrow, SearchRequestSchema, type SearchHit, type SearchLeg, type SearchRequest, type SearchResponse } from '@eloquent/contracts';
import type { z } from 'zod';
import type { RetrievalConfig } from '../config';
import { reciprocalRankFusion, weightedSum, type FusedHit, type RankedList } from '../index/fusion';
import { toSparseVector } from '../vector-backends/pinecone/sparse-vector';
import { VECTOR_BACKEND, type VectorBackend, type VectorQuery } from '../vector-backends/vector-backend';
import { IndexRegistry } from './index-registry';
import { ChunkTexts, type RenderedChunk } from './chunk-texts';
import type { NamespaceIndex } from './namespace-index';
import { QueryEmbedder } from './query-embedder';
import { SearchCache, type CachedSearch } from './search-cache';
import { degradedSearches, observeSearchTimings, searches, type DegradedReason } from './search-metrics';

type ParsedRequest = z.output<typeof SearchRequestSchema>;
type Embedded = { vector: Float32Array; model: string } | { degraded: string; reason: DegradedReason };

/**
 * Hybrid search over one namespace: a BM25 leg and a vector leg (in memory, or in Pinecone),
 * fused by reciprocal rank fusion or a normalised weighted sum. The query is embedded in the
 * index's one vector space; when it cannot be, the answer is BM25-only and says so
 * (`degraded`). Responses are cached in Redis under the namespace's index version.
 */
@Injectable()
export class SearchService {
  private readonly logger = new Logger(SearchService.name);

  constructor(
    private readonly registry: IndexRegistry,
    private readonly queryEmbedder: QueryEmbedder,
    private readonly cache: SearchCache,
    private readonly chunkTexts: ChunkTexts,
    @Inject(VECTOR_BACKEND) private readonly backend: VectorBackend,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  /**
   * The response as JSON text, which the bus sends as it is: a cached response is never
   * parsed only to be serialised again, and a new one is serialised once, for the cache and
   * the reply together (docs/performance.md).
   */
  async searchJson(input: SearchRequest): Promise<string> {
    const started = performance.now();
    const request = parseOrThrow(SearchRequestSchema, input);
    if (!this.registry.loaded) throw new AppError('SERVICE_UNAVAILABLE', 'The index is still loading');
    const index = this.registry.get(request.namespace);
    if (!index || index.chunkCount === 0) return withTimings(JSON.stringify({ chunks: [], legs: [] } satisfies CachedSearch), { total: elapsed(started) });

    const cacheKey = this.cache.key(request.namespace, index.version, this.registry.space?.model, request);
    const cached = await this.cache.get(cacheKey);
    if (cached) {
      searches.inc({ cache: 'hit' });
      const total = elapsed(started);
      return withTimings(cached, { cache: total, total });
    }

    const { timingsMs, ...response } = await this.run(request, index, started);
    searches.inc({ cache: 'miss' });
    observeSearchTimings(timingsMs);
    const json = JSON.stringify(response satisfies CachedSearch);
    if (!response.degraded) await this.cache.set(cacheKey, json);
    return withTimings(json, timingsMs);
  }

  /** The response as an object (in-process callers). */
  async search(input: SearchRequest): Promise<SearchResponse> {
    return JSON.parse(await this.searchJson(input)) as SearchResponse;
  }

  private async run(request: ParsedRequest, index: NamespaceIndex, started: number): Promise<SearchResponse> {
    const depth = Math.max(request.topK, this.config.FUSION_DEPTH);
    const accept = request.filter ? index.metadataFilter(request.filter) : undefined;
    const timingsMs: Record<string, number> = {};
    const legs: Partial<Record<SearchLeg, RankedList>> = {};
    const fusedRemotely = request.mode === 'hybrid' && this.backend.fusesSparse;
    const bm25 = () => {
      const t = performance.now();
      legs.bm25 = index.bm25.search(request.query, depth, accept);
      timingsMs.bm25 = elapsed(t);
    };

    // The query embedding is a bus round trip: BM25 runs on this thread meanwhile.
    const embedding = request.mode === 'bm25' ? undefined : this.embed(request.query, timingsMs);
    if (request.mode === 'hybrid' && !fusedRemotely) bm25();
    let degraded: string | undefined;
    let fused: FusedHit[] | undefined;
    const embedded = await embedding;
    if (embedded && 'degraded' in embedded) {
      degraded = embedded.degraded;
      degradedSearches.inc({ reason: embedded.reason });
    } else if (embedded) {
      const t = performance.now();
      try {
        const query: VectorQuery = { namespace: request.namespace, model: embedded.model, vector: embedded.vector, topK: depth, filter: request.filter };
        if (fusedRemotely) fused = (await this.backend.query(this.hybridQuery(query, index, request.query))).map((h) => ({ ...h, scores: {} }));
        else legs.vector = await this.backend.query(query);
      } catch (error) {
        this.logger.warn({ err: error }, `${this.backend.name} vector query failed; answering BM25-only`);
        degraded = `vector leg unavailable (${error instanceof AppError ? error.code : `${this.backend.name} error`}): answered with BM25 only`;
        degradedSearches.inc({ reason: 'vector_backend_error' });
      }
      timingsMs.vector = elapsed(t);
    }
    if (!legs.bm25 && !fused && !legs.vector) bm25();

    const t = performance.now();
    const ranked = (fused ?? this.fuse(legs)).filter((hit) => index.hasChunk(hit.id)).slice(0, request.topK);
    timingsMs.fusion = elapsed(t);
    const texts = await this.chunkTexts.render(ranked.map((hit) => hit.id));
    timingsMs.total = elapsed(started);
    return {
      chunks: ranked.filter((hit) => texts.has(hit.id)).map((hit) => toSearchHit(texts.get(hit.id)!, hit)),
      legs: fused ? ['bm25', 'vector'] : (Object.keys(legs) as SearchLeg[]),
      queryTerms: index.bm25.termStats(request.query),
      indexedChunks: index.bm25.size,
      ...(degraded ? { degraded } : {}),
      timingsMs,
    };
  }

  /** The query vector in the index's space, or why there is none. */
  private async embed(query: string, timingsMs: Record<string, number>): Promise<Embedded> {
    const model = this.registry.space?.model;
    if (!model) return { degraded: 'vector leg unavailable: the index has no vectors yet: answered with BM25 only', reason: 'no_vectors' };
    const t = performance.now();
    try {
      return { vector: await this.queryEmbedder.embed(query, model), model };
    } catch (error) {
      const reason = error instanceof AppError ? error.code : 'error';
      this.logger.warn({ err: error }, 'query embedding failed; answering BM25-only');
      return { degraded: `vector leg unavailable (${reason}): answered with BM25 only`, reason: 'embedding_unavailable' };
    } finally {
      timingsMs.embed = elapsed(t);
    }
  }

  /**
   * Pinecone's convex hybrid: the dense vector scaled by VECTOR_WEIGHT, the BM25 query terms
   * by the rest. The sparse side is divided by the query's largest possible BM25 score
   * (Σ idf·(k1+1)), so both sides are on comparable [0, 1]-ish scales.
   */
  private hybridQuery(query: VectorQuery, index: NamespaceIndex, text: string): VectorQuery {
    const alpha = this.config.VECTOR_WEIGHT;
    const weights = index.bm25.queryWeights(text);
    let ceiling = 0;
    for (const weight of weights.values()) ceiling += weight * (this.config.BM25_K1 + 1);
    const sparse = ceiling > 0 && alpha < 1 ? toSparseVector(weights, (1 - alpha) / ceiling) : undefined;
    return { ...query, vector: query.vector.map((v) => v * alpha), ...(sparse ? { sparse } : {}) };
  }

  private fuse(legs: Partial<Record<SearchLeg, RankedList>>): FusedHit[] {
    const present = Object.entries(legs) as Array<[SearchLeg, RankedList]>;
    if (present.length === 1) {
      const [leg, hits] = present[0];
      return hits.map((h) => ({ id: h.id, score: h.score, scores: { [leg]: h.score } }));
    }
    const weights = { bm25: 1 - this.config.VECTOR_WEIGHT, vector: this.config.VECTOR_WEIGHT };
    return this.config.FUSION === 'rrf'
      ? reciprocalRankFusion(legs as Record<string, RankedList>, { k: this.config.RRF_K, weights })
      : weightedSum(legs as Record<string, RankedList>, { weights });
  }
}

function toSearchHit(chunk: RenderedChunk, hit: FusedHit): SearchHit {
  return {
    chunkId: chunk.chunkId,
    documentId: chunk.documentId,
    externalId: chunk.externalId,
    title: chunk.title,
    ...(chunk.url ? { url: chunk.url } : {}),
    headingPath: chunk.headingPath,
    text: chunk.text,
    score: hit.score,
    scores: hit.scores,
  };
}

/**
 * A cached response's JSON text with this request's timings added: `timingsMs` becomes its
 * last member (JSON.parse keeps the last of duplicate names, so an entry cached with timings
 * of its own by an earlier version reads the same).
 */
export function withTimings(json: string, timingsMs: SearchResponse['timingsMs']): string {
  return `${json.slice(0, json.lastIndexOf('}'))},"timingsMs":${JSON.stringify(timingsMs)}}`;
}

function elapsed(since: number): number {
  return Math.round((performance.now() - since) * 100) / 100;
}
