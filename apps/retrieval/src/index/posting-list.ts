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

  constructor(capacity = 2) {
    this.slots = new Int32Array(capacity);
    this.tfs = new Float32Array(capacity);
  }

  /** A list over existing arrays (a snapshot being loaded): every entry is live. */
  static of(slots: Int32Array, tfs: Float32Array): PostingList {
    const list = new PostingList(0);
    list.slots = slots;
    list.tfs = tfs;
    list.length = list.live = slots.length;
    return list;
  }

  push(slot: number, tf: number): void {
    if (this.length === this.slots.length) this.grow();
    this.slots[this.length] = slot;
    this.tfs[this.length] = tf;
    this.length++;
    this.live++;
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
