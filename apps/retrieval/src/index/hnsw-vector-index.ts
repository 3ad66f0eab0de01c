import { HierarchicalNSW } from 'hnswlib-node';
import { type ScoredId } from './top-k';
import type { VectorIndex } from './vector-index';

export interface HnswOptions {
  /** Graph degree (hnswlib `M`). */
  m: number;
  efConstruction: number;
  /** Candidate list size at query time; raised to topK when smaller. */
  efSearch: number;
}

const INITIAL_CAPACITY = 1024;
/** Fixed, so every replica builds the same graph from the same insertion order. */
const RANDOM_SEED = 100;

/**
 * Approximate nearest neighbours (hnswlib's HNSW graph, inner product) for large
 * namespaces. Ids map to numeric labels; a removed vector is marked deleted and its slot
 * is reused by the next insertion, so the graph does not grow with churn.
 */
export class HnswVectorIndex implements VectorIndex {
  private readonly index: HierarchicalNSW;
  private readonly labelOf = new Map<string, number>();
  private readonly idOf = new Map<number, string>();
  private nextLabel = 0;
  private deleted = 0;

  constructor(
    readonly dims: number,
    private readonly opts: HnswOptions,
    capacity = INITIAL_CAPACITY,
  ) {
    if (!Number.isInteger(dims) || dims <= 0) throw new RangeError(`dims must be a positive integer, got ${dims}`);
    this.index = new HierarchicalNSW('ip', dims);
    this.index.initIndex({
      maxElements: Math.max(capacity, 16),
      m: opts.m,
      efConstruction: opts.efConstruction,
      randomSeed: RANDOM_SEED,
      allowReplaceDeleted: true,
    });
  }

  get size(): number {
    return this.labelOf.size;
  }

  add(id: string, vector: Float32Array): void {
    this.checkDims(vector);
    const values = Array.from(vector);
    const existing = this.labelOf.get(id);
    if (existing !== undefined) {
      this.index.addPoint(values, existing); // an existing label is updated in place
      return;
    }
    const label = this.nextLabel++;
    if (this.deleted > 0) {
      this.index.addPoint(values, label, true);
      this.deleted--;
    } else {
      if (this.index.getCurrentCount() >= this.index.getMaxElements()) this.index.resizeIndex(2 * this.index.getMaxElements());
      this.index.addPoint(values, label);
    }
    this.labelOf.set(id, label);
    this.idOf.set(label, id);
  }

  remove(id: string): void {
    const label = this.labelOf.get(id);
    if (label === undefined) return;
    this.index.markDelete(label);
    this.labelOf.delete(id);
    this.idOf.delete(label);
    this.deleted++;
  }

  search(query: Float32Array, topK: number, accept?: (id: string) => boolean): ScoredId[] {
    this.checkDims(query);
    const k = Math.min(topK, this.size);
    if (k <= 0) return [];
    this.index.setEf(Math.max(this.opts.efSearch, k));
    const filter = accept ? (label: number) => accept(this.idOf.get(label) as string) : undefined;
    const { distances, neighbors } = this.index.searchKnn(Array.from(query), k, filter);
    // hnswlib's inner-product distance is 1 - dot.
    const hits = neighbors.map((label, i) => ({ id: this.idOf.get(label) as string, score: 1 - distances[i] }));
    return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private checkDims(vector: Float32Array): void {
    if (vector.length !== this.dims) throw new RangeError(`expected a vector of ${this.dims} dimensions, got ${vector.length}`);
  }
}
