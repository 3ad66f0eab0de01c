import type { ScoredId } from './top-k';

/**
 * Candidates from a quantized (i8) graph re-ranked by their full-precision dot product with the
 * query (docs/retrieval.md, "At scale"): the graph finds the neighbourhood cheaply, the exact
 * scores order it. Candidates without a full-precision vector (deleted since) are dropped.
 */
export function rescore(query: Float32Array, candidates: ScoredId[], vectors: Map<string, Float32Array>, topK: number): ScoredId[] {
  const rescored: ScoredId[] = [];
  for (const { id } of candidates) {
    const vector = vectors.get(id);
    if (!vector || vector.length !== query.length) continue;
    let score = 0;
    for (let i = 0; i < query.length; i++) score += query[i] * vector[i];
    rescored.push({ id, score });
  }
  return rescored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, topK);
}
