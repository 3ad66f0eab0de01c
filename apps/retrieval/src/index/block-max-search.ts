import { termScore } from './bm25-weights';
import { BLOCK_SIZE, type PostingList } from './posting-list';
import type { TopK } from './top-k';

/**
 * Slots per window. A window's term bounds are the largest block bounds among the blocks that
 * overlap it: smaller windows give tighter bounds, larger ones fewer partitions per query.
 * Measured with bench:keyword-leg (docs/retrieval.md, "Keyword leg at scale").
 */
export const WINDOW_SLOTS = 4096;
/**
 * The first window's slots; each next one is twice as large up to {@link WINDOW_SLOTS}. Until K
 * documents are scored the floor is 0 and nothing can be skipped, so the first windows are small
 * and the floor rises before much is scored.
 */
const FIRST_WINDOW_SLOTS = 256;

/** One query term as the scorer needs it: its postings and BM25's hoisted parts (see `termScore`). */
export interface ScoringTerm {
  postings: PostingList;
  /** count·idf·(k1+1). */
  weight: number;
  /** k1·(1 - b). */
  lengthFree: number;
  /** k1·b / avgdl. */
  perLength: number;
}

/** The documents: weighted length by slot (-1 when removed) and chunk id by slot. */
export interface ScoredCorpus {
  lengths: Float32Array;
  ids: string[];
  slotCount: number;
}

/**
 * Block-max MaxScore over windows of slots (docs/retrieval.md, "Keyword leg at scale"; the
 * scheme of Lucene's MaxScoreBulkScorer). Offers every document that can make `top` (which
 * keeps the K best `accept`ed ones) and returns the posting entries it visited.
 *
 * For each window of slots (up to {@link WINDOW_SLOTS}), each term's bound is the largest of its block
 * bounds there. Terms go from the smallest bound up; the longest run of them whose bounds add
 * up to less than the current K-th best score (the floor) is *non-essential*: a document with
 * none of the other terms cannot make the top K. The essential terms' postings in the window
 * are scored into a window-sized accumulator; then each document they reached is completed by
 * looking its non-essential terms up (galloping through the slot-ordered lists), largest bound
 * first, dropped as soon as its score plus the bounds left cannot reach the floor. A window
 * where every term is non-essential is skipped. The floor only rises, so a partition made at
 * the start of a window stays valid through it.
 *
 * Exact: a document is dropped only when bounds prove it below the floor, and term scores add
 * up exactly in any order (`termScore`), so the hits and scores are the exhaustive search's.
 */
export function blockMaxSearch(terms: ScoringTerm[], corpus: ScoredCorpus, top: TopK, accept?: (id: string) => boolean): number {
  const { lengths, ids, slotCount } = corpus;
  const n = terms.length;
  const positions = new Int32Array(n);
  const windowBounds = new Float64Array(n);
  /** Term indices by ascending window bound; `boundBelow[i]` sums the bounds of `order[0..i)`. */
  const order = Array.from({ length: n }, (_, t) => t);
  const boundBelow = new Float64Array(n + 1);
  const windowScores = new Float64Array(WINDOW_SLOTS);
  const reached = new Int32Array(WINDOW_SLOTS / 32);
  let visited = 0;
  let floor = top.floor;
  for (let start = 0, size = FIRST_WINDOW_SLOTS; start < slotCount; start += size, size = Math.min(2 * size, WINDOW_SLOTS)) {
    const end = Math.min(start + size, slotCount);
    for (let t = 0; t < n; t++) {
      positions[t] = terms[t].postings.seek(start, positions[t]);
      windowBounds[t] = windowBound(terms[t], positions[t], end);
    }
    order.sort((x, y) => windowBounds[x] - windowBounds[y]);
    for (let i = 0; i < n; i++) boundBelow[i + 1] = boundBelow[i] + windowBounds[order[i]];
    let essential = 0;
    while (essential < n && canNotReach(boundBelow[essential + 1], floor)) essential++;
    if (essential === n) continue;

    for (let i = essential; i < n; i++) {
      const t = order[i];
      const scored = scoreWindow(terms[t], positions[t], start, end, lengths, windowScores, reached);
      visited += scored - positions[t];
      positions[t] = scored;
    }

    for (let word = 0; word < reached.length; word++) {
      let bits = reached[word];
      reached[word] = 0;
      while (bits !== 0) {
        const offset = (word << 5) + 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        let score = windowScores[offset];
        windowScores[offset] = 0;
        if (canNotReach(boundBelow[essential], floor, score)) continue;
        const slot = start + offset;
        let i = essential - 1;
        for (; i >= 0; i--) {
          const t = order[i];
          const term = terms[t];
          const { postings } = term;
          const position = (positions[t] = postings.seek(slot, positions[t]));
          visited++;
          if (position < postings.length && postings.slots[position] === slot) {
            score += termScore(term.weight, term.lengthFree, term.perLength, postings.tfs[position], lengths[slot]);
          }
          if (canNotReach(boundBelow[i], floor, score)) break;
        }
        if (i >= 0) continue; // dropped: cannot reach the floor
        const id = ids[slot];
        if (top.admits(id, score) && (accept === undefined || accept(id))) {
          top.offer(id, score);
          floor = top.floor;
        }
      }
    }
  }
  return visited;
}

/**
 * Whether a score plus `bound` stays below `floor`. The slack keeps a bound that rounding made
 * an ulp too small from pruning a document that ties.
 */
function canNotReach(bound: number, floor: number, score = 0): boolean {
  return (score + bound) * (1 + 1e-9) < floor;
}

/** The largest score the term can give a document in slots `[.., end)` from entry `position` on: its blocks' bounds there. */
function windowBound(term: ScoringTerm, position: number, end: number): number {
  const { postings, lengthFree, perLength } = term;
  const { slots, length } = postings;
  if (position >= length || slots[position] >= end) return 0;
  let best = 0;
  for (let block = Math.floor(position / BLOCK_SIZE); block * BLOCK_SIZE < length && slots[block * BLOCK_SIZE] < end; block++) {
    best = Math.max(best, postings.blockSaturation(block, lengthFree, perLength));
  }
  return term.weight * best;
}

/**
 * Adds the term's score to the live documents among its entries from `position` whose slot is
 * below `end`, into `windowScores` (indexed by slot - `start`), marking them in `reached`;
 * returns the position after them.
 */
function scoreWindow(
  term: ScoringTerm,
  position: number,
  start: number,
  end: number,
  lengths: Float32Array,
  windowScores: Float64Array,
  reached: Int32Array,
): number {
  const { weight, lengthFree, perLength } = term;
  const { slots, tfs, length } = term.postings;
  let i = position;
  for (; i < length; i++) {
    const slot = slots[i];
    if (slot >= end) break;
    const documentLength = lengths[slot];
    if (documentLength < 0) continue; // removed, not yet compacted away
    const offset = slot - start;
    reached[offset >> 5] |= 1 << (offset & 31);
    windowScores[offset] += termScore(weight, lengthFree, perLength, tfs[i], documentLength);
  }
  return i;
}
