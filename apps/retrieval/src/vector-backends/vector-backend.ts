import type { ScoredId } from '../index/top-k';

/** Where the vector leg runs, chosen by VECTOR_BACKEND. */
export const VECTOR_BACKEND = Symbol('VECTOR_BACKEND');

export type MetadataFilter = Record<string, string | number | boolean>;

/** Sorted, distinct indices (hashed terms) with their weights. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

export interface VectorQuery {
  namespace: string;
  /** The space `vector` belongs to: only vectors of this model may be compared with it. */
  model: string;
  vector: Float32Array;
  /** BM25-weighted query terms, for a backend that fuses the lexical leg itself. */
  sparse?: SparseVector;
  topK: number;
  filter?: MetadataFilter;
}

/**
 * The vector side of search. Both backends index the same chunks (from the change log) in the
 * index's one embedding space and answer with chunk ids, best first.
 */
export interface VectorBackend {
  readonly name: 'memory' | 'pinecone';
  /**
   * True when the backend also stores BM25-weighted sparse vectors and a query carrying
   * `sparse` comes back already fused (hybrid in one call).
   */
  readonly fusesSparse: boolean;
  query(query: VectorQuery): Promise<ScoredId[]>;
  /** What the backend reports about itself on /health/ready (a remote index's size). */
  stats?(): Promise<Record<string, unknown>>;
}
