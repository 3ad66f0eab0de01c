/**
 * What one document adds to a namespace's keyword statistics: its chunks, their total weighted
 * length, and for each term the number of its chunks containing it. Pure; stored per document
 * so a later update or delete can subtract exactly what was added (docs/retrieval.md, "Modes").
 */
export interface KeywordContribution {
  chunks: number;
  totalLength: number;
  terms: Record<string, number>;
}

export const NO_CONTRIBUTION: KeywordContribution = { chunks: 0, totalLength: 0, terms: {} };

/** The contribution of a document whose chunks have these weighted term frequencies. */
export function contributionOf(chunkTermFrequencies: Array<Map<string, number>>): KeywordContribution {
  const terms: Record<string, number> = {};
  let totalLength = 0;
  for (const tfs of chunkTermFrequencies) {
    for (const [term, tf] of tfs) {
      terms[term] = (terms[term] ?? 0) + 1;
      totalLength += tf;
    }
  }
  return { chunks: chunkTermFrequencies.length, totalLength, terms };
}

/** Per-namespace change of the statistics when documents' contributions go from `before` to `after`. */
export interface KeywordDelta {
  chunks: number;
  totalLength: number;
  /** Term → change in the number of chunks containing it (zero changes left out). */
  terms: Map<string, number>;
}

export function addDelta(delta: KeywordDelta, before: KeywordContribution, after: KeywordContribution): void {
  delta.chunks += after.chunks - before.chunks;
  delta.totalLength += after.totalLength - before.totalLength;
  for (const [term, count] of Object.entries(after.terms)) delta.terms.set(term, (delta.terms.get(term) ?? 0) + count);
  for (const [term, count] of Object.entries(before.terms)) delta.terms.set(term, (delta.terms.get(term) ?? 0) - count);
  for (const [term, change] of delta.terms) if (change === 0) delta.terms.delete(term);
}

export function emptyDelta(): KeywordDelta {
  return { chunks: 0, totalLength: 0, terms: new Map() };
}
