import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { AppError, parseOrThrow, SearchRequestSchema, type SearchHit, type SearchLeg, type SearchRequest, type SearchResponse } from '@eloquent/contracts';
import { EnglishWords, type WordList } from '@eloquent/text';
import type { z } from 'zod';
import type { RetrievalConfig } from '../config';
import { reciprocalRankFusion, weightedSum, type FusedHit, type RankedList } from '../index/fusion';
import { VECTOR_BACKEND, type TermWeights, type VectorBackend, type VectorQuery } from '../vector-backends/vector-backend';
import { IndexRegistry } from '../local-index/index-registry';
import { ChunkTexts, type RenderedChunk } from './chunk-texts';
import { localKeywordSide, RemoteKeywordSides, type KeywordSide } from './keyword-side';
import { QueryEmbedder } from './query-embedder';
import { SearchCache, type CachedSearch } from './search-cache';
import { degradedSearches, observeSearchTimings, searches, type DegradedReason } from './search-metrics';

type ParsedRequest = z.output<typeof SearchRequestSchema>;
type Embedded = { vector: Float32Array; model: string } | { degraded: string; reason: DegradedReason };

/**
 * Hybrid search over one namespace: a BM25 leg and a vector leg (in memory, or in a vector
 * backend), fused by reciprocal rank fusion or a normalised weighted sum — or fused by a backend
 * that holds the keyword leg too, which in stateless mode (INDEX_MODE) holds both. The query is embedded in the
 * index's one vector space; when it cannot be, the answer is BM25-only and says so
 * (`degraded`). Responses are cached in Redis under the namespace's index version.
 */
@Injectable()
export class SearchService {
  private readonly logger = new Logger(SearchService.name);
  /** The language's words, which the spelling correction leaves alone; absent when it is off. */
  private readonly words?: WordList;

  constructor(
    private readonly registry: IndexRegistry,
    private readonly queryEmbedder: QueryEmbedder,
    private readonly cache: SearchCache,
    private readonly chunkTexts: ChunkTexts,
    private readonly remoteKeywords: RemoteKeywordSides,
    @Inject(VECTOR_BACKEND) private readonly backend: VectorBackend,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {
    if (config.SPELLING_CORRECTION === 'on') this.words = EnglishWords.load();
  }

  /**
   * The response as JSON text, which the bus sends as it is: a cached response is never
   * parsed only to be serialised again, and a new one is serialised once, for the cache and
   * the reply together (docs/performance.md).
   */
  async searchJson(input: SearchRequest): Promise<string> {
    const started = performance.now();
    const request = parseOrThrow(SearchRequestSchema, input);
    if (!this.registry.loaded) throw new AppError('SERVICE_UNAVAILABLE', 'The index is still loading');
    const keywords = await this.keywordSide(request.namespace, request.query);
    if (!keywords || keywords.chunkCount === 0)
      return withTimings(JSON.stringify({ chunks: [], legs: [] } satisfies CachedSearch), { total: elapsed(started) });

    const cacheKey = this.cache.key(request.namespace, keywords.version, this.registry.space?.model, request);
    const cached = await this.cache.get(cacheKey);
    if (cached) {
      searches.inc({ cache: 'hit' });
      const total = elapsed(started);
      return withTimings(cached, { cache: total, total });
    }

    const { timingsMs, ...response } = await this.run(request, keywords, started);
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

  /** This replica's index of the namespace, or (stateless mode) its statistics in Postgres. */
  private async keywordSide(namespace: string, query: string): Promise<KeywordSide | undefined> {
    if (this.config.INDEX_MODE === 'stateless') return this.remoteKeywords.open(namespace, query);
    const index = this.registry.get(namespace);
    return index && localKeywordSide(index, query, this.words);
  }

  private async run(request: ParsedRequest, keywords: KeywordSide, started: number): Promise<SearchResponse> {
    const depth = Math.max(request.topK, this.config.FUSION_DEPTH);
    const timingsMs: Record<string, number> = {};
    const legs: Partial<Record<SearchLeg, RankedList>> = {};
    const fusedRemotely = request.mode === 'hybrid' && this.backend.fusesKeywords;
    const bm25 = async () => {
      const t = performance.now();
      legs.bm25 = keywords.search ? keywords.search(depth, request.filter) : await this.remoteKeywordLeg(request, keywords, depth);
      timingsMs.bm25 = elapsed(t);
    };

    // A query embedding asked of the embedding service is a bus round trip: an in-memory BM25 leg
    // runs on this thread meanwhile. The request reaches Redis only after a few promise
    // continuations (the breaker, the bus's connection check), which would otherwise wait for the
    // synchronous BM25 leg: yield once so it is on the wire first, and the round trip overlaps the
    // leg (docs/retrieval.md, "At scale"). One embedded in this process has nothing to overlap and
    // is there after a few continuations: wait for it, so that its `embed` time is its own.
    const model = this.registry.space?.model;
    const embedding = request.mode === 'bm25' ? undefined : this.embed(request.query, model, timingsMs);
    const overlap = request.mode === 'hybrid' && !fusedRemotely;
    if (embedding && overlap) await (model && this.queryEmbedder.embedsLocally(model) ? embedding : afterPendingContinuations());
    const early = overlap ? bm25() : undefined;
    let degraded: string | undefined;
    let fused: FusedHit[] | undefined;
    const embedded = await embedding;
    await early;
    if (embedded && 'degraded' in embedded) {
      degraded = embedded.degraded;
      degradedSearches.inc({ reason: embedded.reason });
    } else if (embedded) {
      const t = performance.now();
      try {
        const query: VectorQuery = { namespace: request.namespace, model: embedded.model, vector: embedded.vector, topK: depth, filter: request.filter };
        if (fusedRemotely) fused = (await this.backend.query(this.hybridQuery(query, keywords))).map((h) => ({ ...h, scores: {} }));
        else legs.vector = await this.backend.query(query);
      } catch (error) {
        this.logger.warn({ err: error }, `${this.backend.name} vector query failed; answering BM25-only`);
        degraded = `vector leg unavailable (${error instanceof AppError ? error.code : `${this.backend.name} error`}): answered with BM25 only`;
        degradedSearches.inc({ reason: 'vector_backend_error' });
      }
      timingsMs.vector = elapsed(t);
    }
    if (!legs.bm25 && !fused && !legs.vector) await bm25();

    const t = performance.now();
    const present = fused ?? this.fuse(legs);
    const ranked = (keywords.hasChunk ? present.filter((hit) => keywords.hasChunk!(hit.id)) : present).slice(0, request.topK);
    timingsMs.fusion = elapsed(t);
    const rendering = performance.now();
    const texts = await this.chunkTexts.render(ranked.map((hit) => hit.id));
    timingsMs.texts = elapsed(rendering);
    timingsMs.total = elapsed(started);
    return {
      chunks: ranked.filter((hit) => texts.has(hit.id)).map((hit) => toSearchHit(texts.get(hit.id)!, hit)),
      legs: fused ? ['bm25', 'vector'] : (Object.keys(legs) as SearchLeg[]),
      queryTerms: keywords.termStats(),
      indexedChunks: keywords.chunkCount,
      ...(degraded ? { degraded } : {}),
      timingsMs,
    };
  }

  /**
   * The BM25 leg alone from a backend that holds it (stateless mode): the query's terms without
   * a dense vector. There is nothing to fall back on here, so a failure fails the search.
   */
  private async remoteKeywordLeg(request: ParsedRequest, keywords: KeywordSide, depth: number): Promise<RankedList> {
    const model = this.registry.space?.model;
    const terms = scaledKeywords(keywords.queryWeights(), this.config.BM25_K1, 1);
    if (!model || !terms) return [];
    try {
      return await this.backend.query({ namespace: request.namespace, model, keywords: terms, topK: depth, filter: request.filter });
    } catch (error) {
      this.logger.warn({ err: error }, `${this.backend.name} keyword query failed`);
      if (error instanceof AppError) throw error;
      throw new AppError('SERVICE_UNAVAILABLE', `The search index (${this.backend.name}) is unavailable`);
    }
  }

  /** The query vector in the index's space, or why there is none. */
  private async embed(query: string, model: string | undefined, timingsMs: Record<string, number>): Promise<Embedded> {
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
   * A convex hybrid for a backend that fuses keywords itself: the dense vector scaled by
   * VECTOR_WEIGHT, the BM25 query terms by the rest. The keyword side is divided by the query's
   * largest possible BM25 score (Σ idf·(k1+1)), so both sides are on comparable [0, 1]-ish scales.
   */
  private hybridQuery(query: VectorQuery, side: KeywordSide): VectorQuery {
    const alpha = this.config.VECTOR_WEIGHT;
    const keywords = scaledKeywords(side.queryWeights(), this.config.BM25_K1, 1 - alpha);
    return { ...query, vector: query.vector?.map((v) => v * alpha), ...(alpha < 1 && keywords ? { keywords } : {}) };
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

/** Query term weights scaled so the best possible BM25 score is `share`; undefined if none. */
export function scaledKeywords(weights: TermWeights, k1: number, share: number): TermWeights | undefined {
  let ceiling = 0;
  for (const weight of weights.values()) ceiling += weight * (k1 + 1);
  if (!(ceiling > 0) || share <= 0) return undefined;
  return new Map([...weights].filter(([, weight]) => weight > 0).map(([term, weight]) => [term, (weight * share) / ceiling]));
}

/**
 * Resolves once the promise continuations queued so far (and any they queue) have run: a
 * macrotask comes after the whole microtask queue.
 */
function afterPendingContinuations(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function elapsed(since: number): number {
  return Math.round((performance.now() - since) * 100) / 100;
}
