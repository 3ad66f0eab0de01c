import { HnswVectorIndex, type HnswOptions } from './hnsw-vector-index';
import type { ScoredId } from './top-k';
import { ExactVectorIndex, type VectorIndex } from './vector-index';

export interface AdaptiveOptions {
  /** Size at which the exact scan is replaced by an HNSW graph; 0 = never. */
  hnswThreshold: number;
  hnsw: HnswOptions;
  /** Vectors inserted per slice of the background build, between which searches run. */
  buildSlice?: number;
}

export type VectorIndexKind = 'exact' | 'building-hnsw' | 'hnsw';

/**
 * Exact scan while small (exact results, cheap writes), HNSW once the namespace reaches
 * `hnswThreshold` vectors. The graph is built in the background, a slice at a time, while
 * the exact index keeps answering and taking writes; writes made meanwhile are replayed
 * before the switch. It never goes back: a shrinking namespace keeps its graph.
 */
export class AdaptiveVectorIndex implements VectorIndex {
  private exact?: ExactVectorIndex;
  private hnsw?: HnswVectorIndex;
  private build?: { dirty: Set<string>; done: Promise<void> };
  private disposed = false;

  constructor(
    readonly dims: number,
    private readonly opts: AdaptiveOptions,
  ) {
    this.exact = new ExactVectorIndex(dims);
  }

  get kind(): VectorIndexKind {
    if (this.hnsw) return 'hnsw';
    return this.build ? 'building-hnsw' : 'exact';
  }

  get size(): number {
    return (this.hnsw ?? this.exact)!.size;
  }

  /** The graph, once built (for snapshots). */
  get graph(): HnswVectorIndex | undefined {
    return this.hnsw;
  }

  /** The exact index, until the graph takes over (for snapshots). */
  get exactIndex(): ExactVectorIndex | undefined {
    return this.hnsw ? undefined : this.exact;
  }

  /** An index that starts from a graph (a snapshot's). */
  static fromGraph(graph: HnswVectorIndex, opts: AdaptiveOptions): AdaptiveVectorIndex {
    const index = new AdaptiveVectorIndex(graph.dims, opts);
    index.hnsw = graph;
    index.exact = undefined;
    return index;
  }

  /** Resolves when no background build is running. */
  async settled(): Promise<void> {
    await this.build?.done;
  }

  add(id: string, vector: Float32Array): void {
    if (this.hnsw) return this.hnsw.add(id, vector);
    this.exact!.add(id, vector);
    this.build?.dirty.add(id);
    this.maybeUpgrade();
  }

  /** With the graph built, one multi-threaded insert (a page of the change log during a rebuild: docs/retrieval.md "At scale"). */
  addMany(ids: string[], vectors: Float32Array[]): void {
    if (this.hnsw) return this.hnsw.addMany(ids, vectors);
    ids.forEach((id, i) => this.add(id, vectors[i]));
  }

  remove(id: string): void {
    if (this.hnsw) return this.hnsw.remove(id);
    this.exact!.remove(id);
    this.build?.dirty.add(id);
  }

  search(query: Float32Array, topK: number, accept?: (id: string) => boolean): ScoredId[] {
    return (this.hnsw ?? this.exact)!.search(query, topK, accept);
  }

  /** Stops a background build (the index is being replaced). */
  dispose(): void {
    this.disposed = true;
  }

  private maybeUpgrade(): void {
    const { hnswThreshold } = this.opts;
    if (this.build || hnswThreshold <= 0 || this.exact!.size < hnswThreshold) return;
    const dirty = new Set<string>();
    this.build = { dirty, done: this.buildGraph(dirty) };
  }

  private async buildGraph(dirty: Set<string>): Promise<void> {
    const exact = this.exact!;
    const graph = new HnswVectorIndex(this.dims, this.opts.hnsw, Math.ceil(exact.size * 1.25));
    const slice = this.opts.buildSlice ?? 200;
    const snapshot = [...exact.ids()];
    for (let start = 0; start < snapshot.length; start += slice) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.disposed) return;
      const ids = snapshot.slice(start, start + slice).filter((id) => exact.has(id));
      const vectors = new Float32Array(ids.length * this.dims);
      ids.forEach((id, i) => vectors.set(exact.get(id)!, i * this.dims));
      graph.addBatch(ids, vectors);
    }
    // Writes that landed during the build, replayed from the exact index's current state.
    for (const id of dirty) {
      const vector = exact.get(id);
      if (vector) graph.add(id, vector);
      else graph.remove(id);
    }
    this.hnsw = graph;
    this.exact = undefined;
    this.build = undefined;
  }
}
