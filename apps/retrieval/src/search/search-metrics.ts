import { counter, histogram, LATENCY_BUCKETS } from '@eloquent/observability';

/** Why a search answered BM25-only (a bounded label; the response's `degraded` text says more). */
export type DegradedReason = 'no_vectors' | 'embedding_unavailable' | 'vector_backend_error';
const DEGRADED_REASONS: DegradedReason[] = ['no_vectors', 'embedding_unavailable', 'vector_backend_error'];

/** Searches by how they were answered: from the cache, or run (`hit` / `miss`; cache hit ratio = hit / all). */
export const searches = counter({
  name: 'eloquent_retrieval_searches_total',
  help: 'Searches by cache result (hit, miss; miss = the search ran)',
  labelNames: ['cache'],
});

/** Time per part of a search that ran: embed (query embedding), bm25, vector, fusion, texts (the hits' chunk texts), and total. */
export const searchPhaseSeconds = histogram({
  name: 'eloquent_retrieval_search_phase_seconds',
  help: "Search latency per leg (embed, bm25, vector), fusion, the hits' texts, and total, for searches that ran",
  labelNames: ['phase'],
  buckets: LATENCY_BUCKETS,
});

/** Searches answered BM25-only because the vector leg was unavailable. */
export const degradedSearches = counter({
  name: 'eloquent_retrieval_degraded_searches_total',
  help: 'Searches answered BM25-only because the vector leg was unavailable, by reason',
  labelNames: ['reason'],
});

// Every series exists from the start at 0, so a first degraded search is a rate, not a new series.
for (const cache of ['hit', 'miss']) searches.inc({ cache }, 0);
for (const reason of DEGRADED_REASONS) degradedSearches.inc({ reason }, 0);

/** The phases of `timingsMs` with a series (a bounded label set; `cache` is a hit's only timing). */
const SEARCH_PHASES: ReadonlySet<string> = new Set(['embed', 'bm25', 'vector', 'fusion', 'texts', 'total']);

/** Records one search's timings (milliseconds, as in the response's `timingsMs`). */
export function observeSearchTimings(timingsMs: Record<string, number>): void {
  for (const [phase, ms] of Object.entries(timingsMs)) {
    if (SEARCH_PHASES.has(phase)) searchPhaseSeconds.observe({ phase }, ms / 1000);
  }
}
