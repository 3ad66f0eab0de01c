/**
 * The documents containing one term, in slot order. Growable typed arrays (4-byte slot, 4-byte
 * weighted term frequency per entry) keep the hundreds of millions of entries of a large index
 * compact and out of the garbage collector's way. Removal is lazy: the index marks a document's
 * slot dead and this list only counts it (`live`); {@link compact} drops dead entries once they
 * are half of the list, so the document frequency used for IDF is always exact.
 */
export class PostingList {
  /** Number of entries, live or dead; the arrays beyond it are spare capacity. */
  length = 0;
  /** Entries whose document is live: the term's document frequency. */
  live = 0;
  slots: Int32Array;
  /** Weighted term frequency of the term in each document. */
  tfs: Float32Array;
  /**
   * The entries no other entry beats on both term frequency (higher) and document length
   * (shorter), as (tf, length) pairs: BM25's term score grows with tf and falls with length, so
   * the best of these is the term's largest contribution to any document whatever the average
   * length (dynamic pruning, docs/retrieval.md "Keyword leg at scale"). At most one per distinct
   * tf, so a handful. Kept when entries are removed: the bound can only be loose, never wrong.
   */
  private readonly frontierTfs: number[] = [];
  private readonly frontierLengths: number[] = [];

  constructor(capacity = 2) {
    this.slots = new Int32Array(capacity);
    this.tfs = new Float32Array(capacity);
  }

  /** A list over existing arrays (a snapshot being loaded): every entry is live; `lengths` are the documents' by slot. */
  static of(slots: Int32Array, tfs: Float32Array, lengths: Float32Array): PostingList {
    const list = new PostingList(0);
    list.slots = slots;
    list.tfs = tfs;
    list.length = list.live = slots.length;
    for (let i = 0; i < slots.length; i++) list.noteBounds(tfs[i], lengths[slots[i]]);
    return list;
  }

  /** Appends a document (slots only grow) with the term's frequency in it and the document's length. */
  push(slot: number, tf: number, documentLength: number): void {
    if (this.length === this.slots.length) this.grow();
    this.slots[this.length] = slot;
    this.tfs[this.length] = tf;
    this.length++;
    this.live++;
    this.noteBounds(tf, documentLength);
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

  /** Counts one entry's document as removed; compacts when dead entries make up half the list. */
  markDead(isLive: (slot: number) => boolean): void {
    this.live--;
    if (this.length - this.live > Math.max(8, this.length / 2)) this.compact(isLive);
  }

  /** Drops the entries of dead documents and renumbers slots with `renumber` (-1 = drop). */
  compact(isLive: (slot: number) => boolean, renumber?: (slot: number) => number): void {
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      const slot = this.slots[i];
      if (!isLive(slot)) continue;
      this.slots[kept] = renumber ? renumber(slot) : slot;
      this.tfs[kept] = this.tfs[i];
      kept++;
    }
    this.length = this.live = kept;
    if (kept < this.slots.length / 4) this.resize(Math.max(2, kept));
  }

  /** The largest `tf / (tf + lengthFree + perLength·length)` over the entries (BM25's saturation, without idf). */
  maxSaturation(lengthFree: number, perLength: number): number {
    let best = 0;
    for (let i = 0; i < this.frontierTfs.length; i++) {
      const tf = this.frontierTfs[i];
      best = Math.max(best, tf / (tf + lengthFree + perLength * this.frontierLengths[i]));
    }
    return best;
  }

  /** The frontier's pairs, for tests. */
  boundingEntries(): Array<[tf: number, length: number]> {
    return this.frontierTfs.map((tf, i) => [tf, this.frontierLengths[i]]);
  }

  private noteBounds(tf: number, documentLength: number): void {
    const tfs = this.frontierTfs;
    const lengths = this.frontierLengths;
    for (let i = 0; i < tfs.length; i++) if (tfs[i] >= tf && lengths[i] <= documentLength) return; // beaten
    let kept = 0;
    for (let i = 0; i < tfs.length; i++) {
      if (tfs[i] <= tf && lengths[i] >= documentLength) continue; // beaten by the new entry
      tfs[kept] = tfs[i];
      lengths[kept++] = lengths[i];
    }
    tfs.length = lengths.length = kept;
    tfs.push(tf);
    lengths.push(documentLength);
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
  }
}
