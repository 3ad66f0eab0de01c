import { Injectable } from '@nestjs/common';
import type { QueryTermStats } from '@eloquent/contracts';
import { analyze, correctQuery, type CorrectedQuery, type WordList } from '@eloquent/text';
import { countTerms, queryWeights } from '../index/bm25-weights';
import type { RankedList } from '../index/fusion';
import { KeywordStatsStore } from '../keyword-stats/keyword-stats.store';
import type { MetadataFilter, TermWeights } from '../vector-backends/vector-backend';
import type { NamespaceIndex } from '../local-index/namespace-index';

/**
 * The keyword side of one search over one namespace: the corpus statistics the query is
 * weighted with, and — in memory mode — the BM25 leg itself. In stateless mode the vector
 * backend holds the keyword leg and the statistics come from Postgres (docs/retrieval.md, "Modes").
 */
export interface KeywordSide {
  /** The change seq the namespace's searchable contents reflect (the search cache's key). */
  version: number;
  chunkCount: number;
  /** The query's BM25-weighted terms (idf per occurrence). */
  queryWeights(): TermWeights;
  termStats(): QueryTermStats[];
  /** The in-memory BM25 leg; absent when the vector backend holds the keyword leg. */
  search?(depth: number, filter?: MetadataFilter): RankedList;
  /** Whether a hit is still indexed here; absent when nothing is held here. */
  hasChunk?(chunkId: string): boolean;
}

/**
 * The keyword side of this replica's in-memory index of a namespace. With `words` (the
 * language's words), misspelt query words are read as the index's terms they stand for
 * (`correctQuery`, docs/retrieval.md "Spelling correction"): the BM25 leg searches the
 * corrected terms and the term statistics say which were corrected, so chat's coverage
 * decision weighs them too.
 */
export function localKeywordSide(index: NamespaceIndex, query: string, words?: WordList): KeywordSide {
  // Analyzed when first needed: a search answered from the cache never is.
  let analyzed: CorrectedQuery | undefined;
  const terms = (): CorrectedQuery => (analyzed ??= words ? correctQuery(query, index.bm25, words) : { terms: analyze(query), corrections: new Map() });
  return {
    version: index.version,
    chunkCount: index.chunkCount,
    queryWeights: () => index.bm25.queryWeights(terms().terms),
    termStats: () => withMisspellings(index.bm25.termStats(terms().terms), terms().corrections),
    search: (depth, filter) => index.bm25.search(terms().terms, depth, filter ? index.metadataFilter(filter) : undefined),
    hasChunk: (chunkId) => index.hasChunk(chunkId),
  };
}

/** The keyword side in stateless mode: the namespace's statistics for the query's terms, read from Postgres per search. */
@Injectable()
export class RemoteKeywordSides {
  constructor(private readonly store: KeywordStatsStore) {}

  async open(namespace: string, query: string): Promise<KeywordSide | undefined> {
    const terms = [...countTerms(analyze(query)).keys()];
    const stats = await this.store.read(namespace, terms);
    if (!stats) return undefined;
    const df = (term: string) => stats.documentFrequency.get(term) ?? 0;
    return {
      version: stats.version,
      chunkCount: stats.chunks,
      queryWeights: () => queryWeights(query, stats.chunks, df),
      termStats: () => terms.map((term) => ({ term, chunks: df(term) })),
    };
  }
}

/** Each term's statistics with the misspelt query terms read as it, if any. */
export function withMisspellings(stats: QueryTermStats[], corrections: ReadonlyMap<string, string>): QueryTermStats[] {
  if (corrections.size === 0) return stats;
  return stats.map((stat) => {
    const misspelt = [...corrections].filter(([, term]) => term === stat.term).map(([written]) => written);
    return misspelt.length > 0 ? { ...stat, misspelt } : stat;
  });
}
