import type { Provider } from '@nestjs/common';
import type { ScoredId } from '../index/top-k';

/** Where the vector leg runs, chosen by VECTOR_BACKEND. */
export const VECTOR_BACKEND = Symbol('VECTOR_BACKEND');

export type MetadataFilter = Record<string, string | number | boolean>;

/**
 * Analyzed terms (stems, as `analyze` returns them) with their weights: BM25-weighted query
 * terms, already scaled for fusion. Backend-neutral; each backend encodes it its own way.
 */
export type TermWeights = Map<string, number>;

export interface VectorQuery {
  namespace: string;
  /** The space `vector` belongs to: only vectors of this model may be compared with it. */
  model: string;
  /** The query embedding; absent for a keyword-only query (a backend that fuses keywords only). */
  vector?: Float32Array;
  /** BM25-weighted query terms, for a backend that fuses the lexical leg itself. */
  keywords?: TermWeights;
  topK: number;
  filter?: MetadataFilter;
}

/**
 * The vector side of search. Every backend indexes the same chunks (from the change log) in the
 * index's one embedding space and answers with chunk ids, best first. A backend lives in its own
 * folder under vector-backends/ and is listed in vector-backends/backends.ts.
 */
export interface VectorBackend {
  readonly name: string;
  /**
   * True when the backend also stores BM25-weighted keyword vectors: a query carrying
   * `keywords` comes back already fused (hybrid in one call), and the backend can serve the
   * keyword leg alone (stateless mode, docs/retrieval.md "Modes").
   */
  readonly fusesKeywords: boolean;
  query(query: VectorQuery): Promise<ScoredId[]>;
  /** What the backend reports about itself on /health/ready (a remote index's size). */
  stats?(): Promise<Record<string, unknown>>;
}

/** What a backend folder exports: its name and the providers that make it work, one of them bound to VECTOR_BACKEND. */
export interface VectorBackendDefinition {
  name: string;
  providers: Provider[];
}
