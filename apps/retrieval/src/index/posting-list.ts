/**
 * The documents containing one term, in no particular order. Growable typed arrays keep the
 * millions of entries of a large index compact and out of the garbage collector's way.
 */
export class PostingList {
  /** Number of live entries; the arrays beyond it are spare capacity. */
  length = 0;
  slots = new Int32Array(2);
  /** Weighted term frequency of the term in each document. */
  tfs = new Float64Array(2);
  /** Index of this list in the document's own list of postings, to fix it up after a move. */
  termIndexes = new Int32Array(2);

  constructor(readonly term: string) {}

  /** Appends an entry and returns its position. */
  push(slot: number, tf: number, termIndex: number): number {
    if (this.length === this.slots.length) this.grow();
    this.slots[this.length] = slot;
    this.tfs[this.length] = tf;
    this.termIndexes[this.length] = termIndex;
    return this.length++;
  }

  /**
   * Removes the entry at `at` by moving the last entry into its place. Returns true if an
   * entry was moved, so the caller can update that document's record of its position.
   */
  removeAt(at: number): boolean {
    const last = --this.length;
    if (at === last) return false;
    this.slots[at] = this.slots[last];
    this.tfs[at] = this.tfs[last];
    this.termIndexes[at] = this.termIndexes[last];
    return true;
  }

  private grow(): void {
    const capacity = 2 * this.slots.length;
    this.slots = copyInto(new Int32Array(capacity), this.slots);
    this.tfs = copyInto(new Float64Array(capacity), this.tfs);
    this.termIndexes = copyInto(new Int32Array(capacity), this.termIndexes);
  }
}

function copyInto<T extends Int32Array | Float64Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
