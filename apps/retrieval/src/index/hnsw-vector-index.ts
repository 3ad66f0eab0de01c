import { Index, MetricKind, ScalarKind, type Matches } from 'usearch';
import { type ScoredId } from './top-k';
import type { VectorIndex } from './vector-index';

/** How the graph stores each vector: f16 halves f32's memory at no measurable recall cost (docs/retrieval.md, "At scale"). */
export type VectorQuantization = 'f32' | 'f16' | 'i8';

export interface HnswOptions {
  /** Graph degree (HNSW `M`, usearch's connectivity). */
  m: number;
  efConstruction: number;
  /** Candidate list size at query time (usearch's expansion_search). */
  efSearch: number;
  quantization?: VectorQuantization;
}

const SCALAR: Record<VectorQuantization, ScalarKind> = { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 };
/** How many more candidates a filtered search asks for each time too few of them pass the filter. */
const FILTER_OVERSAMPLING = 4;

/**
 * Approximate nearest neighbours (usearch's HNSW graph, cosine = dot product for the unit
 * vectors the embedding service returns) for large namespaces, vectors stored in
 * `quantization`. Ids map to numeric labels handed out in increasing order; a removed vector
 * is removed from the graph. usearch has no filtered search in JavaScript, so a search with
 * `accept` over-fetches and filters, widening until it has enough or has seen everything.
 */
export class HnswVectorIndex implements VectorIndex {
  private index: Index;
  private readonly labelOf = new Map<string, number>();
  /** Chunk id by label ('' once removed). */
  private ids: string[] = [];

  constructor(
    readonly dims: number,
    private readonly opts: HnswOptions,
    capacity = 0,
  ) {
    if (!Number.isInteger(dims) || dims <= 0) throw new RangeError(`dims must be a positive integer, got ${dims}`);
    this.index = this.newIndex();
    void capacity; // usearch grows by itself (doubling); kept for the callers' sizing hint
  }

  get size(): number {
    return this.labelOf.size;
  }

  get quantization(): VectorQuantization {
    return this.opts.quantization ?? 'f16';
  }

  add(id: string, vector: Float32Array): void {
    this.addBatch([id], vector);
  }

  addMany(ids: string[], vectors: Float32Array[]): void {
    const packed = new Float32Array(ids.length * this.dims);
    vectors.forEach((vector, i) => {
      if (vector.length !== this.dims) throw new RangeError(`expected vectors of ${this.dims} dimensions`);
      packed.set(vector, i * this.dims);
    });
    this.addBatch(ids, packed);
  }

  /** Adds many vectors (`vectors` holds them back to back) in one call, using every core. */
  addBatch(ids: string[], vectors: Float32Array): void {
    if (vectors.length !== ids.length * this.dims) throw new RangeError(`expected ${ids.length} vectors of ${this.dims} dimensions`);
    if (ids.length === 0) return;
    for (const id of ids) this.remove(id);
    const labels = new BigUint64Array(ids.length);
    ids.forEach((id, i) => {
      const label = this.ids.length;
      this.ids.push(id);
      this.labelOf.set(id, label);
      labels[i] = BigInt(label);
    });
    this.index.add(labels, vectors, this.addThreads(ids.length));
  }

  remove(id: string): void {
    const label = this.labelOf.get(id);
    if (label === undefined) return;
    this.index.remove(BigInt(label));
    this.labelOf.delete(id);
    this.ids[label] = '';
  }

  search(query: Float32Array, topK: number, accept?: (id: string) => boolean): ScoredId[] {
    this.checkDims(query);
    if (topK <= 0 || this.size === 0) return [];
    let k = Math.min(topK, this.size);
    for (;;) {
      const hits = this.hits(query, k, accept);
      if (hits.length >= topK || k >= this.size) return hits.slice(0, topK);
      k = Math.min(this.size, k * FILTER_OVERSAMPLING);
    }
  }

  /** Writes the graph and its vectors to a file (usearch's own format). */
  saveTo(path: string): void {
    this.index.save(path);
  }

  /** The ids by label, to store beside the saved graph. */
  labels(): string[] {
    return this.ids;
  }

  /** A graph saved by {@link saveTo} with its labels. */
  static load(dims: number, opts: HnswOptions, path: string, labels: string[]): HnswVectorIndex {
    const loaded = new HnswVectorIndex(dims, opts);
    loaded.index.load(path);
    loaded.ids = labels;
    labels.forEach((id, label) => {
      if (id) loaded.labelOf.set(id, label);
    });
    return loaded;
  }

  private hits(query: Float32Array, k: number, accept?: (id: string) => boolean): ScoredId[] {
    const { keys, distances } = this.index.search(query, k, 1) as Matches;
    const hits: ScoredId[] = [];
    for (let i = 0; i < keys.length; i++) {
      const id = this.ids[Number(keys[i])];
      if (!id || (accept && !accept(id))) continue;
      hits.push({ id, score: 1 - distances[i] }); // usearch's cosine distance is 1 - cos
    }
    return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * usearch reserves its per-thread contexts only when an add grows the graph, as many as that
   * add's threads; a later add on more threads than that fails ("Reserve capacity ahead of
   * insertions!" — a rebuild died so: its writes made during the graph's build, replayed one
   * at a time, grew it on one thread before the next page's batch). So an add that may grow it
   * asks for every core (0) as a batch does; a single insert that fits runs on this thread.
   */
  private addThreads(count: number): number {
    return count > 1 || this.index.size() + count >= this.index.capacity() ? 0 : 1;
  }

  private newIndex(): Index {
    return new Index({
      dimensions: this.dims,
      metric: MetricKind.Cos,
      quantization: SCALAR[this.quantization],
      connectivity: this.opts.m,
      expansion_add: this.opts.efConstruction,
      expansion_search: this.opts.efSearch,
      multi: false,
    });
  }

  private checkDims(vector: Float32Array): void {
    if (vector.length !== this.dims) throw new RangeError(`expected a vector of ${this.dims} dimensions, got ${vector.length}`);
  }
}
