import { type ScoredId, TopK } from './top-k';

const INITIAL_CAPACITY = 64;

/** Nearest-neighbour search by dot product over one vector space; every implementation keeps this contract. */
export interface VectorIndex {
  readonly dims: number;
  readonly size: number;
  /** Stores the vector, replacing any vector with the same id. */
  add(id: string, vector: Float32Array): void;
  /** Stores many vectors at once (an HNSW graph inserts them on every core); ids must be distinct. */
  addMany(ids: string[], vectors: Float32Array[]): void;
  remove(id: string): void;
  /** The `topK` best matches, best first; `accept` filters ids. */
  search(query: Float32Array, topK: number, accept?: (id: string) => boolean): ScoredId[];
}

/**
 * Exact (brute-force) nearest-neighbour search by dot product, which is cosine similarity for
 * the L2-normalised vectors it is meant for. Vectors live contiguously in one Float32Array,
 * one slot per vector; slots freed by removal are reused.
 */
export class ExactVectorIndex implements VectorIndex {
  private data: Float32Array;
  private readonly slotIds: Array<string | undefined> = [];
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];

  constructor(readonly dims: number) {
    if (!Number.isInteger(dims) || dims <= 0) throw new RangeError(`dims must be a positive integer, got ${dims}`);
    this.data = new Float32Array(INITIAL_CAPACITY * dims);
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Stores a copy of the vector, replacing any vector with the same id. */
  add(id: string, vector: Float32Array): void {
    this.checkDims(vector);
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.slotIds.length;
      this.ensureCapacity(slot + 1);
      this.slotIds[slot] = id;
      this.slotOf.set(id, slot);
    }
    this.data.set(vector, slot * this.dims);
  }

  addMany(ids: string[], vectors: Float32Array[]): void {
    ids.forEach((id, i) => this.add(id, vectors[i]));
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.slotIds[slot] = undefined;
    this.freeSlots.push(slot);
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** A view of the stored vector (valid until the next add or remove). */
  get(id: string): Float32Array | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.data.subarray(slot * this.dims, (slot + 1) * this.dims);
  }

  ids(): IterableIterator<string> {
    return this.slotOf.keys();
  }

  /**
   * The `topK` vectors with the highest dot product with `query`, best first (ties by id).
   * `accept` filters ids; it runs only for vectors that would make the top K.
   */
  search(query: Float32Array, topK: number, accept?: (id: string) => boolean): ScoredId[] {
    this.checkDims(query);
    if (topK <= 0) return [];
    const top = new TopK(topK);
    for (let slot = 0; slot < this.slotIds.length; slot++) {
      const id = this.slotIds[slot];
      if (id === undefined) continue;
      const score = this.dot(slot, query);
      if (top.admits(id, score) && (accept === undefined || accept(id))) top.offer(id, score);
    }
    return top.drain();
  }

  private dot(slot: number, query: Float32Array): number {
    const { data, dims } = this;
    const offset = slot * dims;
    // Four independent sums let the CPU overlap the multiply-adds.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 3 < dims; i += 4) {
      s0 += data[offset + i] * query[i];
      s1 += data[offset + i + 1] * query[i + 1];
      s2 += data[offset + i + 2] * query[i + 2];
      s3 += data[offset + i + 3] * query[i + 3];
    }
    for (; i < dims; i++) s0 += data[offset + i] * query[i];
    return s0 + s1 + s2 + s3;
  }

  private checkDims(vector: Float32Array): void {
    if (vector.length !== this.dims) {
      throw new RangeError(`expected a vector of ${this.dims} dimensions, got ${vector.length}`);
    }
  }

  private ensureCapacity(slots: number): void {
    if (slots * this.dims <= this.data.length) return;
    const grown = new Float32Array(Math.max(slots, 2 * (this.data.length / this.dims)) * this.dims);
    grown.set(this.data);
    this.data = grown;
  }
}
