/** One leg's hits in rank order, best first, as the indexes return them. */
export type RankedList = Array<{ id: string; score: number }>;

export interface FusedHit {
  id: string;
  score: number;
  /** Each leg's raw score for this id, for the legs that returned it. */
  scores: Record<string, number>;
}

/**
 * Reciprocal rank fusion: score(id) = Σ over legs of weight / (k + rank), rank counted from 1.
 * Legs without a weight count with weight 1; an id repeated within a leg counts at its best rank.
 */
export function reciprocalRankFusion(legs: Record<string, RankedList>, opts: { k: number; weights?: Record<string, number> }): FusedHit[] {
  if (!(opts.k >= 0)) throw new RangeError(`RRF k must be non-negative, got ${opts.k}`);
  const fused = new Map<string, FusedHit>();
  for (const [leg, hits] of Object.entries(legs)) {
    const weight = opts.weights?.[leg] ?? 1;
    hits.forEach((hit, index) => {
      const entry = entryFor(fused, hit.id);
      if (Object.hasOwn(entry.scores, leg)) return;
      entry.scores[leg] = hit.score;
      entry.score += weight / (opts.k + index + 1);
    });
  }
  return ranked(fused);
}

/**
 * Weighted sum of min-max normalised scores: each leg's scores are mapped onto [0, 1] (a leg
 * whose hits all score the same, including a single hit, maps them to 1), multiplied by the
 * leg's weight (1 if absent) and summed. An id missing from a leg gets nothing from it; an id
 * repeated within a leg counts once, at its first occurrence.
 */
export function weightedSum(legs: Record<string, RankedList>, opts: { weights: Record<string, number> }): FusedHit[] {
  const fused = new Map<string, FusedHit>();
  for (const [leg, hits] of Object.entries(legs)) {
    if (hits.length === 0) continue;
    const weight = opts.weights[leg] ?? 1;
    let min = Infinity;
    let max = -Infinity;
    for (const { score } of hits) {
      min = Math.min(min, score);
      max = Math.max(max, score);
    }
    const range = max - min;
    for (const hit of hits) {
      const entry = entryFor(fused, hit.id);
      if (Object.hasOwn(entry.scores, leg)) continue;
      entry.scores[leg] = hit.score;
      entry.score += weight * (range > 0 ? (hit.score - min) / range : 1);
    }
  }
  return ranked(fused);
}

function entryFor(fused: Map<string, FusedHit>, id: string): FusedHit {
  let entry = fused.get(id);
  if (entry === undefined) {
    entry = { id, score: 0, scores: {} };
    fused.set(id, entry);
  }
  return entry;
}

/** Best first; ties broken by id so equal inputs always give the same order. */
function ranked(fused: Map<string, FusedHit>): FusedHit[] {
  return [...fused.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
