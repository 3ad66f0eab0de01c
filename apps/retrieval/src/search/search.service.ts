import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { AppError, parseOrThrow, SearchRequestSchema, type SearchHit, type SearchLeg, type SearchRequest, type SearchResponse } from '@eloquent/contracts';
import type { RetrievalConfig } from '../config';
import { reciprocalRankFusion, weightedSum, type FusedHit, type RankedList } from '../index/fusion';
import { IndexRegistry } from './index-registry';
import type { NamespaceIndex } from './namespace-index';
import { QueryEmbedder } from './query-embedder';

/** How many candidates each leg contributes to fusion, relative to topK. */
const CANDIDATES_PER_RESULT = 5;
const MIN_CANDIDATES = 50;

/**
 * Hybrid search over one namespace: BM25 and vector legs, fused. When the query cannot
 * be embedded in the index's space, the answer is BM25-only and says so (`degraded`).
 */
@Injectable()
export class SearchService {
  private readonly logger = new Logger(SearchService.name);

  constructor(
    private readonly registry: IndexRegistry,
    private readonly queryEmbedder: QueryEmbedder,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  async search(input: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    const request = parseOrThrow(SearchRequestSchema, input);
    if (!this.registry.loaded) throw new AppError('SERVICE_UNAVAILABLE', 'The index is still loading');
    const index = this.registry.get(request.namespace);
    if (!index) return { chunks: [], legs: [], timingsMs: { total: elapsed(started) } };

    const depth = Math.max(request.topK * CANDIDATES_PER_RESULT, MIN_CANDIDATES);
    const accept = request.filter ? metadataFilter(index, request.filter) : undefined;
    const legs: Partial<Record<SearchLeg, RankedList>> = {};
    const timingsMs: Record<string, number> = {};
    let degraded: string | undefined;

    if (request.mode !== 'bm25') {
      const t = performance.now();
      const vector = await this.vectorLeg(index, request.query, depth, accept);
      if ('hits' in vector) legs.vector = vector.hits;
      else degraded = vector.degraded;
      timingsMs.vector = elapsed(t);
    }
    if (request.mode !== 'vector' || !legs.vector) {
      const t = performance.now();
      legs.bm25 = index.bm25.search(request.query, depth, accept);
      timingsMs.bm25 = elapsed(t);
    }

    const fused = this.fuse(legs).slice(0, request.topK);
    timingsMs.total = elapsed(started);
    return { chunks: fused.map((hit) => toSearchHit(index, hit)), legs: Object.keys(legs) as SearchLeg[], ...(degraded ? { degraded } : {}), timingsMs };
  }

  private async vectorLeg(
    index: NamespaceIndex,
    query: string,
    depth: number,
    accept?: (id: string) => boolean,
  ): Promise<{ hits: RankedList } | { degraded: string }> {
    if (!index.vectors || !index.model) return { degraded: 'vector leg unavailable: this namespace has no vectors' };
    try {
      const vector = await this.queryEmbedder.embed(query, index.model);
      return { hits: index.vectors.search(vector, depth, accept) };
    } catch (error) {
      const reason = error instanceof AppError ? error.code : 'error';
      this.logger.warn({ err: error }, 'query embedding failed; answering BM25-only');
      return { degraded: `vector leg unavailable (${reason}): answered with BM25 only` };
    }
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

function metadataFilter(index: NamespaceIndex, filter: Record<string, string | number | boolean>): (id: string) => boolean {
  const entries = Object.entries(filter);
  return (id) => {
    const metadata = index.chunks.get(id)?.metadata;
    return !!metadata && entries.every(([key, value]) => metadata[key] === value);
  };
}

function toSearchHit(index: NamespaceIndex, hit: FusedHit): SearchHit {
  const chunk = index.chunks.get(hit.id)!;
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

function elapsed(since: number): number {
  return Math.round((performance.now() - since) * 100) / 100;
}
