import { joinLines, splitLines, type SnapshotReader, type SnapshotWriter } from './snapshot-file';
import { PostingList } from './posting-list';
import { type ScoredId, TopK } from './top-k';
import { blockMaxSearch, type ScoringTerm } from './block-max-search';

import {
  countTerms,
  documentWeights,
  idf,
  queryTerms,
  queryWeights,
  termScore,
  weightedLength,
  weightedTermFrequencies,
  type Bm25Fields,
  type Bm25Options,
  type QueryInput,
} from './bm25-weights';

export type { Bm25Fields, Bm25Options } from './bm25-weights';

/** Dead slots are compacted away once they are this many and a quarter of all slots. */
const MIN_DEAD_SLOTS_TO_COMPACT = 1024;

/**
 * Below this many posting entries in a query's lists, pruning costs more than it skips and the
 * leg scores every posting. Calibrated with bench:keyword-leg's per-query CPU times at 50k and
 * 200k chunks: pruning loses below ~10–20k postings and wins above ~20–40k, and the total CPU
 * over the 809 queries is lowest with the cut between 15k and 30k at both sizes
 * (docs/retrieval.md, "Keyword leg at scale").
 */
export const MIN_POSTINGS_TO_PRUNE = 20_000;

/** How a search scores: every posting, or block-max pruning (same hits and scores). */
export type Scoring = 'exhaustive' | 'pruned';

/** The size rule: prune only a query whose posting lists hold at least {@link MIN_POSTINGS_TO_PRUNE} entries. */
export function chooseScoring(queryPostings: number): Scoring {
  return queryPostings >= MIN_POSTINGS_TO_PRUNE ? 'pruned' : 'exhaustive';
}

/**
 * Incremental in-memory Okapi BM25 with Lucene's IDF, `ln(1 + (N - df + 0.5) / (df + 0.5))`.
 *
 * Fields are boosted the simple BM25F way: a document is one bag of terms in which each title
 * occurrence counts `fieldWeights.title` times, each heading occurrence `fieldWeights.heading`
 * times and each body occurrence `fieldWeights.body` times; the document length used for length
 * normalisation is the sum of those weighted frequencies. Terms are produced by `analyze`.
 *
 * Compact for millions of documents (docs/retrieval.md, "At scale"): documents live in integer
 * slots handed out in increasing order; postings, lengths and each document's term ids are
 * typed arrays (about 12 bytes per posting, and 12 per block of 64 for pruning). Removal marks the slot dead (length -1) and
 * decrements each of its terms' live counts, so IDF stays exact; posting lists drop their dead
 * entries when half dead, and the slots are renumbered once a quarter of them are dead.
 */
export class Bm25Index {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly lists: PostingList[] = [];
  private readonly slotOf = new Map<string, number>();
  /** Chunk id by slot ('' when dead). */
  private ids: string[] = [];
  /** Weighted length by slot; -1 marks a dead slot. */
  private lengths = new Float32Array(64);
  /** Document `slot`'s term ids are `docTerms[termStart[slot] .. termStart[slot + 1])`. */
  private termStart = new Float64Array(65);
  private docTerms = new Int32Array(1024);
  private slotCount = 0;
  private totalLength = 0;
  private scores = new Float64Array(0);
  private touched = new Int32Array(0);
  private readonly isLive = (slot: number): boolean => this.lengths[slot] >= 0;
  /** Posting entries scored or looked up by searches so far (what pruning saves; tools/bench/bm25-index.ts reports it). */
  postingsVisited = 0;

  constructor(private readonly opts: Bm25Options) {
    const { k1, b, fieldWeights } = opts;
    if (!(k1 >= 0) || !(b >= 0 && b <= 1)) throw new RangeError('BM25 needs k1 >= 0 and 0 <= b <= 1');
    if (!Object.values(fieldWeights).every((w) => w >= 0 && Number.isFinite(w))) {
      throw new RangeError('BM25 field weights must be finite and non-negative');
    }
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Average weighted document length (avgdl). */
  get averageLength(): number {
    return this.size === 0 ? 0 : this.totalLength / this.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Number of documents containing an analyzed term. */
  documentFrequency(term: string): number {
    const termId = this.termIds.get(term);
    return termId === undefined ? 0 : this.lists[termId].live;
  }

  /** IDF of an analyzed term (a stem, as `analyze` returns it). */
  idf(term: string): number {
    return idf(this.size, this.documentFrequency(term));
  }

  /** Indexes a document, replacing any document with the same id. */
  add(id: string, fields: Bm25Fields): void {
    this.remove(id);
    const tfs = this.weightedTermFrequencies(fields);
    const slot = this.slotCount++;
    this.ensureSlotCapacity(this.slotCount);
    const start = this.termStart[slot];
    this.ensurePoolCapacity(start + tfs.size);
    const length = weightedLength(tfs);
    let k = start;
    for (const [term, tf] of tfs) {
      let termId = this.termIds.get(term);
      if (termId === undefined) {
        termId = this.terms.length;
        this.terms.push(term);
        this.lists.push(new PostingList());
        this.termIds.set(term, termId);
      }
      this.lists[termId].push(slot, tf, length);
      this.docTerms[k++] = termId;
    }
    this.termStart[slot + 1] = k;
    this.lengths[slot] = length;
    this.ids[slot] = id;
    this.slotOf.set(id, slot);
    this.totalLength += length;
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const length = this.lengths[slot];
    this.lengths[slot] = -1;
    this.ids[slot] = '';
    this.slotOf.delete(id);
    for (let k = this.termStart[slot]; k < this.termStart[slot + 1]; k++) this.lists[this.docTerms[k]].markDead(this.lengths);
    // Reset rather than subtract when empty, so floating-point drift cannot accumulate forever.
    this.totalLength = this.size === 0 ? 0 : this.totalLength - length;
    const dead = this.slotCount - this.size;
    if (dead >= MIN_DEAD_SLOTS_TO_COMPACT && dead * 4 >= this.slotCount) this.compactSlots();
  }

  /**
   * The `topK` best documents for the query, best first (ties by id). Each occurrence of a
   * term in the query counts. `accept` filters documents (a pure predicate); it runs only for
   * documents that would make the top K.
   *
   * Block-max MaxScore (`blockMaxSearch`, docs/retrieval.md "Keyword leg at scale") skips the
   * postings that cannot change the top K; when the query's lists are short it costs more
   * than it skips, and every posting is scored instead ({@link chooseScoring}). Both return
   * the same hits and scores; `scoring` forces one (the tests and the bench compare them).
   */
  search(query: QueryInput, topK: number, accept?: (id: string) => boolean, options: { scoring?: Scoring } = {}): ScoredId[] {
    if (topK <= 0 || this.size === 0) return [];
    const terms = this.scoringTerms(countTerms(queryTerms(query)));
    let queryPostings = 0;
    for (const term of terms) queryPostings += term.postings.length;
    const scoring = options.scoring ?? chooseScoring(queryPostings);
    const top = new TopK(topK);
    if (scoring === 'pruned') this.postingsVisited += blockMaxSearch(terms, { lengths: this.lengths, ids: this.ids, slotCount: this.slotCount }, top, accept);
    else this.scoreExhaustively(terms, top, accept);
    return top.drain();
  }

  /** Approximate bytes held, by part (for the memory figures in docs/retrieval.md). */
  memoryBytes(): { postings: number; blockBounds: number; documentTerms: number; perDocument: number } {
    let postings = 0;
    let blockBounds = 0;
    for (const list of this.lists) {
      postings += list.slots.byteLength + list.tfs.byteLength;
      blockBounds += list.blockMaxTfs.byteLength + list.blockMinLengthPerTf.byteLength;
    }
    return { postings, blockBounds, documentTerms: this.docTerms.byteLength, perDocument: this.lengths.byteLength + this.termStart.byteLength };
  }

  /** Writes the index's state as sections named `<prefix>.*`. */
  writeTo(writer: SnapshotWriter, prefix: string): void {
    this.compactSlots();
    const offsets = new Float64Array(this.lists.length + 1);
    for (let t = 0; t < this.lists.length; t++) offsets[t + 1] = offsets[t] + this.lists[t].length;
    const slots = new Int32Array(offsets[this.lists.length]);
    const tfs = new Float32Array(offsets[this.lists.length]);
    this.lists.forEach((list, t) => {
      slots.set(list.slots.subarray(0, list.length), offsets[t]);
      tfs.set(list.tfs.subarray(0, list.length), offsets[t]);
    });
    writer.json(`${prefix}.meta`, { slots: this.slotCount, terms: this.terms.length, totalLength: this.totalLength, opts: this.opts });
    writer.array(`${prefix}.terms`, joinLines(this.terms));
    writer.array(`${prefix}.ids`, joinLines(this.ids.slice(0, this.slotCount)));
    writer.array(`${prefix}.lengths`, this.lengths.subarray(0, this.slotCount));
    writer.array(`${prefix}.termStart`, this.termStart.subarray(0, this.slotCount + 1));
    writer.array(`${prefix}.docTerms`, this.docTerms.subarray(0, this.termStart[this.slotCount]));
    writer.array(`${prefix}.offsets`, offsets);
    writer.array(`${prefix}.slots`, slots);
    writer.array(`${prefix}.tfs`, tfs);
  }

  /** An index read back from {@link writeTo}'s sections; its options must be the ones it was built with. */
  static readFrom(reader: SnapshotReader, prefix: string, opts: Bm25Options): Bm25Index {
    const meta = reader.json<{ slots: number; terms: number; totalLength: number; opts: Bm25Options }>(`${prefix}.meta`);
    if (JSON.stringify(meta.opts) !== JSON.stringify(opts)) throw new Error('the snapshot was built with other BM25 settings');
    const index = new Bm25Index(opts);
    index.terms.push(...splitLines(reader.array(`${prefix}.terms`, 'Uint8Array'), meta.terms));
    index.terms.forEach((term, t) => index.termIds.set(term, t));
    index.ids = splitLines(reader.array(`${prefix}.ids`, 'Uint8Array'), meta.slots);
    index.ids.forEach((id, slot) => index.slotOf.set(id, slot));
    index.slotCount = meta.slots;
    index.totalLength = meta.totalLength;
    index.lengths = reader.array(`${prefix}.lengths`, 'Float32Array');
    index.termStart = reader.array(`${prefix}.termStart`, 'Float64Array');
    index.docTerms = reader.array(`${prefix}.docTerms`, 'Int32Array');
    const offsets = reader.array(`${prefix}.offsets`, 'Float64Array');
    const slots = reader.array(`${prefix}.slots`, 'Int32Array');
    const tfs = reader.array(`${prefix}.tfs`, 'Float32Array');
    for (let t = 0; t < meta.terms; t++)
      index.lists.push(PostingList.of(slots.subarray(offsets[t], offsets[t + 1]), tfs.subarray(offsets[t], offsets[t + 1]), index.lengths));
    return index;
  }

  /**
   * The document side of BM25 as a sparse vector: each term's saturated, length-normalised
   * frequency `tf·(k1+1) / (tf + k1·(1 - b + b·len/avgdl))` against this index's current avgdl.
   * Its dot product with {@link queryWeights} is the document's BM25 score (how an external
   * sparse-vector store, such as Pinecone, scores BM25).
   */
  documentWeights(fields: Bm25Fields): Map<string, number> {
    return documentWeights(this.weightedTermFrequencies(fields), this.opts, this.averageLength);
  }

  /** Each distinct analyzed query term with the number of documents containing it (0 for unknown words). */
  termStats(query: QueryInput): Array<{ term: string; chunks: number }> {
    return [...countTerms(queryTerms(query)).keys()].map((term) => ({ term, chunks: this.documentFrequency(term) }));
  }

  /** The query side: each analyzed query term's idf, once per occurrence. */
  queryWeights(query: QueryInput): Map<string, number> {
    return queryWeights(query, this.size, (term) => this.documentFrequency(term));
  }

  private weightedTermFrequencies(fields: Bm25Fields): Map<string, number> {
    return weightedTermFrequencies(fields, this.opts.fieldWeights);
  }

  /** The query's terms that some live document has, with BM25's parts for scoring them. */
  private scoringTerms(counts: Map<string, number>): ScoringTerm[] {
    const { k1, b } = this.opts;
    const n = this.size;
    // tf·(k1+1) / (tf + k1·(1 - b + b·len/avgdl)), with the length-independent parts hoisted.
    const lengthFree = k1 * (1 - b);
    const perLength = (k1 * b) / this.averageLength;
    const terms: ScoringTerm[] = [];
    for (const [term, count] of counts) {
      const termId = this.termIds.get(term);
      if (termId === undefined) continue;
      const postings = this.lists[termId];
      if (postings.live === 0) continue;
      terms.push({ postings, weight: count * idf(n, postings.live) * (k1 + 1), lengthFree, perLength });
    }
    return terms;
  }

  /** Scores every posting of the query's terms, then keeps the top K: the reference the pruned search equals. */
  private scoreExhaustively(terms: ScoringTerm[], top: TopK, accept?: (id: string) => boolean): void {
    this.ensureScratchCapacity();
    const { scores, touched, lengths, ids } = this;
    let touchedCount = 0;
    try {
      for (const { postings, weight, lengthFree, perLength } of terms) {
        const { slots, tfs, length } = postings;
        this.postingsVisited += length;
        for (let i = 0; i < length; i++) {
          const slot = slots[i];
          const documentLength = lengths[slot];
          if (documentLength < 0) continue; // removed, not yet compacted away
          // Every term score is positive, so a zero score means the slot is not yet touched.
          if (scores[slot] === 0) touched[touchedCount++] = slot;
          scores[slot] += termScore(weight, lengthFree, perLength, tfs[i], documentLength);
        }
      }
      for (let i = 0; i < touchedCount; i++) {
        const slot = touched[i];
        if (top.admits(ids[slot], scores[slot]) && (accept === undefined || accept(ids[slot]))) top.offer(ids[slot], scores[slot]);
      }
    } finally {
      for (let i = 0; i < touchedCount; i++) scores[touched[i]] = 0;
    }
  }

  private ensureScratchCapacity(): void {
    if (this.scores.length >= this.slotCount) return;
    const capacity = Math.max(this.slotCount, 2 * this.scores.length);
    this.scores = new Float64Array(capacity);
    this.touched = new Int32Array(capacity);
  }

  private ensureSlotCapacity(slots: number): void {
    if (slots <= this.lengths.length) return;
    const capacity = Math.max(slots, Math.ceil(this.lengths.length * 1.5));
    this.lengths = grown(new Float32Array(capacity), this.lengths);
    this.termStart = grown(new Float64Array(capacity + 1), this.termStart);
  }

  private ensurePoolCapacity(entries: number): void {
    if (entries <= this.docTerms.length) return;
    this.docTerms = grown(new Int32Array(Math.max(entries, Math.ceil(this.docTerms.length * 1.5))), this.docTerms);
  }

  /** Renumbers live slots densely (dropping dead ones) in every posting list and per-slot array. */
  private compactSlots(): void {
    if (this.slotCount === this.size) return;
    const newSlot = new Int32Array(this.slotCount);
    let next = 0;
    let pool = 0;
    for (let slot = 0; slot < this.slotCount; slot++) {
      if (!this.isLive(slot)) {
        newSlot[slot] = -1;
        continue;
      }
      newSlot[slot] = next;
      const from = this.termStart[slot];
      const to = this.termStart[slot + 1];
      this.docTerms.copyWithin(pool, from, to);
      this.lengths[next] = this.lengths[slot];
      this.ids[next] = this.ids[slot];
      this.termStart[next] = pool;
      pool += to - from;
      next++;
    }
    for (const list of this.lists) list.compact((slot) => newSlot[slot], this.lengths);
    this.termStart[next] = pool;
    this.ids.length = next;
    this.slotCount = next;
    this.slotOf.clear();
    this.ids.forEach((id, slot) => this.slotOf.set(id, slot));
  }
}

function grown<T extends Float32Array | Float64Array | Int32Array>(target: T, source: T): T {
  target.set(source.subarray(0, Math.min(source.length, target.length)) as never);
  return target;
}
