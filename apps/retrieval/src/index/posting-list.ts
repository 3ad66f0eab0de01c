/**
 * Postings per block bound (docs/retrieval.md, "Keyword leg at scale"): 64 keeps a block's bound
 * close to its entries' real scores while costing 12 bytes per 64 postings (≈ 0.19 B a posting).
 */
export const BLOCK_SIZE = 64;
const BLOCK_SHIFT = 6;

/**
 * The documents containing one term, in slot order. Growable typed arrays (4-byte slot, 4-byte
 * weighted term frequency per entry) keep the hundreds of millions of entries of a large index
 * compact and out of the garbage collector's way. Removal is lazy: the index marks a document's
 * slot dead and this list only counts it (`live`); {@link compact} drops dead entries once they
 * are half of the list, so the document frequency used for IDF is always exact.
 *
 * Every block of {@link BLOCK_SIZE} entries (entries `[j·64, j·64 + 64)`) keeps its largest term
 * frequency and its smallest document length per unit of tf. BM25's saturation
 * `tf / (tf + a + p·length)` is `1 / (1 + a/tf + p·length/tf)` (a = k1·(1 - b), p = k1·b/avgdl),
 * so `1 / (1 + a/maxTf + p·min(length/tf))` bounds it in every document of the block, whatever
 * the average length: what block-max pruning skips on (docs/retrieval.md, "Keyword leg at
 * scale"). A removed entry leaves its block's bound loose, never wrong; compaction recomputes
 * the bounds.
 */
export class PostingList {
  /** Number of entries, live or dead; the arrays beyond it are spare capacity. */
  length = 0;
  /** Entries whose document is live: the term's document frequency. */
  live = 0;
  slots: Int32Array;
  /** Weighted term frequency of the term in each document. */
  tfs: Float32Array;
  /** Per block: the largest tf, and the smallest document length / tf, among its entries. */
  blockMaxTfs: Float32Array;
  /** Float64: a Float32 could round a minimum up, and the bound must never be too small. */
  blockMinLengthPerTf: Float64Array;

  constructor(capacity = 2) {
    this.slots = new Int32Array(capacity);
    this.tfs = new Float32Array(capacity);
    this.blockMaxTfs = new Float32Array(blockCount(capacity));
    this.blockMinLengthPerTf = new Float64Array(blockCount(capacity));
  }

  /** A list over existing arrays (a snapshot being loaded): every entry is live; `lengths` are the documents' by slot. */
  static of(slots: Int32Array, tfs: Float32Array, lengths: Float32Array): PostingList {
    const list = new PostingList(0);
    list.slots = slots;
    list.tfs = tfs;
    list.length = list.live = slots.length;
    list.recomputeBlockBounds(lengths);
    return list;
  }

  /** Number of blocks holding entries. */
  get blocks(): number {
    return blockCount(this.length);
  }

  /** Appends a document (slots only grow) with the term's frequency in it and the document's length. */
  push(slot: number, tf: number, documentLength: number): void {
    if (this.length === this.slots.length) this.grow();
    this.slots[this.length] = slot;
    this.tfs[this.length] = tf;
    this.noteInBlock(this.length, tf, documentLength);
    this.length++;
    this.live++;
  }

  /**
   * The largest `tf / (tf + lengthFree + perLength·length)` the block's entries can have (BM25's
   * saturation without idf; `lengthFree` = k1·(1 - b), `perLength` = k1·b / avgdl).
   */
  blockSaturation(block: number, lengthFree: number, perLength: number): number {
    return 1 / (1 + lengthFree / this.blockMaxTfs[block] + perLength * this.blockMinLengthPerTf[block]);
  }

  /**
   * The first index `i >= from` whose slot is `>= slot` (or `length`): galloping then binary search,
   * so walking a few candidates through a long list costs O(log gap) each, not a scan.
   */
  seek(slot: number, from: number): number {
    const { slots, length } = this;
    let low = from;
    let step = 1;
    let high = from;
    while (high < length && slots[high] < slot) {
      low = high + 1;
      high += step;
      step *= 2;
    }
    if (high > length) high = length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (slots[middle] < slot) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Counts one entry's document as removed (`lengths[slot] < 0`); compacts when dead entries make up half the list. */
  markDead(lengths: Float32Array): void {
    this.live--;
    if (this.length - this.live > Math.max(8, this.length / 2)) this.compact((slot) => (lengths[slot] >= 0 ? slot : -1), lengths);
  }

  /**
   * Drops the entries whose `newSlot` is -1 and renumbers the others' slots to it; `newLengths`
   * are the documents' lengths by new slot, for the block bounds.
   */
  compact(newSlot: (slot: number) => number, newLengths: Float32Array): void {
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      const slot = newSlot(this.slots[i]);
      if (slot < 0) continue;
      this.slots[kept] = slot;
      this.tfs[kept] = this.tfs[i];
      kept++;
    }
    this.length = this.live = kept;
    if (kept < this.slots.length / 4) this.resize(Math.max(2, kept));
    this.recomputeBlockBounds(newLengths);
  }

  private recomputeBlockBounds(lengths: Float32Array): void {
    this.blockMaxTfs = new Float32Array(blockCount(this.slots.length));
    this.blockMinLengthPerTf = new Float64Array(blockCount(this.slots.length));
    for (let i = 0; i < this.length; i++) this.noteInBlock(i, this.tfs[i], lengths[this.slots[i]]);
  }

  private noteInBlock(index: number, tf: number, documentLength: number): void {
    const block = index >> BLOCK_SHIFT;
    const lengthPerTf = documentLength / tf;
    if ((index & (BLOCK_SIZE - 1)) === 0) {
      this.blockMaxTfs[block] = tf;
      this.blockMinLengthPerTf[block] = lengthPerTf;
      return;
    }
    if (tf > this.blockMaxTfs[block]) this.blockMaxTfs[block] = tf;
    if (lengthPerTf < this.blockMinLengthPerTf[block]) this.blockMinLengthPerTf[block] = lengthPerTf;
  }

  private grow(): void {
    this.resize(Math.max(4, Math.ceil(this.slots.length * 1.5)));
  }

  private resize(capacity: number): void {
    const slots = new Int32Array(capacity);
    const tfs = new Float32Array(capacity);
    slots.set(this.slots.subarray(0, this.length));
    tfs.set(this.tfs.subarray(0, this.length));
    this.slots = slots;
    this.tfs = tfs;
    const maxTfs = new Float32Array(blockCount(capacity));
    const minLengthPerTf = new Float64Array(blockCount(capacity));
    const blocks = Math.min(maxTfs.length, this.blocks);
    maxTfs.set(this.blockMaxTfs.subarray(0, blocks));
    minLengthPerTf.set(this.blockMinLengthPerTf.subarray(0, blocks));
    this.blockMaxTfs = maxTfs;
    this.blockMinLengthPerTf = minLengthPerTf;
  }
}

function blockCount(entries: number): number {
  return (entries + BLOCK_SIZE - 1) >> BLOCK_SHIFT;
}
