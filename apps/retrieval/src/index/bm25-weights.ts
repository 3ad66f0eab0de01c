import { analyze } from '@eloquent/text';

export interface Bm25Options {
  k1: number;
  b: number;
  fieldWeights: { title: number; heading: number; body: number };
}

export interface Bm25Fields {
  title: string;
  headingPath: string[];
  text: string;
}

/**
 * BM25's formulas as pure functions, shared by the in-memory index (Bm25Index) and a keyword
 * leg kept elsewhere (sparse vectors in Pinecone, with corpus statistics in Postgres).
 */

/** Lucene's IDF, `ln(1 + (N - df + 0.5) / (df + 0.5))`. */
export function idf(documentCount: number, documentFrequency: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** A query as text, or already analyzed (e.g. spelling-corrected: search/keyword-side.ts). */
export type QueryInput = string | readonly string[];

/** The query's analyzed terms. */
export function queryTerms(query: QueryInput): readonly string[] {
  return typeof query === 'string' ? analyze(query) : query;
}

export function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** Each analyzed term's frequency, title and heading occurrences counted their field weight times (BM25F-style). */
export function weightedTermFrequencies(fields: Bm25Fields, fieldWeights: Bm25Options['fieldWeights']): Map<string, number> {
  const tfs = new Map<string, number>();
  const addField = (text: string, weight: number): void => {
    if (weight === 0) return;
    for (const term of analyze(text)) tfs.set(term, (tfs.get(term) ?? 0) + weight);
  };
  addField(fields.title, fieldWeights.title);
  for (const headingText of fields.headingPath) addField(headingText, fieldWeights.heading);
  addField(fields.text, fieldWeights.body);
  return tfs;
}

/** A document's weighted length: the sum of its weighted term frequencies. */
export function weightedLength(tfs: Map<string, number>): number {
  let length = 0;
  for (const tf of tfs.values()) length += tf;
  return length;
}

/**
 * The document side of BM25 as term weights: `tf·(k1+1) / (tf + k1·(1 - b + b·len/avgdl))`.
 * Its dot product with {@link queryWeights} is the document's BM25 score.
 */
export function documentWeights(tfs: Map<string, number>, { k1, b }: Pick<Bm25Options, 'k1' | 'b'>, averageLength: number): Map<string, number> {
  const length = weightedLength(tfs);
  const norm = k1 * (1 - b + (b * length) / (averageLength || length || 1));
  const weights = new Map<string, number>();
  for (const [term, tf] of tfs) weights.set(term, (tf * (k1 + 1)) / (tf + norm));
  return weights;
}

/** The query side: each analyzed query term's idf, once per occurrence (terms no document has are left out). */
export function queryWeights(query: QueryInput, documentCount: number, documentFrequency: (term: string) => number): Map<string, number> {
  const weights = new Map<string, number>();
  for (const [term, count] of countTerms(queryTerms(query))) {
    const df = documentFrequency(term);
    if (df > 0) weights.set(term, count * idf(documentCount, df));
  }
  return weights;
}

/** Term scores are multiples of this (2^-32): see {@link termScore}. */
const SCORE_RESOLUTION = 2 ** -32;

/**
 * One term's BM25 score in one document, `weight·tf / (tf + lengthFree + perLength·length)` with
 * `weight` = count·idf·(k1+1), `lengthFree` = k1·(1 - b) and `perLength` = k1·b/avgdl hoisted,
 * rounded down to a multiple of 2^-32. Sums of such multiples are exact (below 2^21), so a
 * document's score is the same whatever order its terms are added in: what lets the pruned
 * search, which adds them in another order, return exactly the exhaustive scores
 * (docs/retrieval.md, "Keyword leg at scale"). Rounding down keeps every bound an upper bound.
 */
export function termScore(weight: number, lengthFree: number, perLength: number, tf: number, documentLength: number): number {
  return Math.floor((weight * tf) / (tf + lengthFree + perLength * documentLength) / SCORE_RESOLUTION) * SCORE_RESOLUTION;
}
