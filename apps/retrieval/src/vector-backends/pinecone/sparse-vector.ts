import type { TermWeights } from '../vector-backend';

/** Pinecone's sparse values: sorted, distinct indices (hashed terms) with their weights. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** FNV-1a, 32 bits: a term's index in the sparse space (collisions are rare and only merge two terms' weights). */
export function termIndex(term: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Term weights as a sparse vector (sorted, distinct indices, positive values), scaled; undefined if empty. */
export function toSparseVector(weights: TermWeights, scale = 1): SparseVector | undefined {
  const byIndex = new Map<number, number>();
  for (const [term, weight] of weights) {
    if (weight <= 0) continue;
    const index = termIndex(term);
    byIndex.set(index, (byIndex.get(index) ?? 0) + weight * scale);
  }
  if (byIndex.size === 0) return undefined;
  const indices = [...byIndex.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => byIndex.get(i)!) };
}
