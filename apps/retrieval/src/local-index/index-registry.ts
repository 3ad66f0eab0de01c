import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { StatsResponse } from '@eloquent/contracts';
import { bm25Options, type RetrievalConfig } from '../config';
import { AdaptiveVectorIndex, type AdaptiveOptions } from '../index/adaptive-vector-index';
import type { Bm25Options } from '../index/bm25-index';
import type { HnswOptions } from '../index/hnsw-vector-index';
import type { Space } from '../vector-space/vector-space.service';
import { NamespaceIndex } from './namespace-index';

/**
 * All namespaces' in-memory indexes, the change seq they reflect (`version`) and the vector
 * space they hold vectors of. Written only by the IndexFollower.
 */
@Injectable()
export class IndexRegistry {
  private readonly namespaces = new Map<string, NamespaceIndex>();
  /** The highest change seq applied. */
  version = 0;
  loaded = false;
  /** The space searches embed queries in: the index's active model (undefined before any vector exists). */
  space?: Space;
  /** The model a re-embedding job is building, as last read from Postgres (for stats only). */
  targetModel?: string;

  constructor(@Inject(APP_CONFIG) private readonly config: RetrievalConfig) {}

  /** With the Pinecone backend, vectors live there and this replica holds none. */
  get holdsVectors(): boolean {
    return this.config.VECTOR_BACKEND === 'memory';
  }

  get(namespace: string): NamespaceIndex | undefined {
    return this.namespaces.get(namespace);
  }

  getOrCreate(namespace: string): NamespaceIndex {
    let index = this.namespaces.get(namespace);
    if (!index) {
      index = new NamespaceIndex(this.bm25Options);
      if (this.holdsVectors && this.space) index.vectors = this.newVectorIndex(this.space.dims);
      this.namespaces.set(namespace, index);
    }
    return index;
  }

  entries(): IterableIterator<[string, NamespaceIndex]> {
    return this.namespaces.entries();
  }

  newVectorIndex(dims: number): AdaptiveVectorIndex {
    return new AdaptiveVectorIndex(dims, this.adaptiveOptions);
  }

  get adaptiveOptions(): AdaptiveOptions {
    return { hnswThreshold: this.config.VECTOR_HNSW_THRESHOLD, hnsw: this.hnswOptions };
  }

  get hnswOptions(): HnswOptions {
    const { HNSW_M: m, HNSW_EF_CONSTRUCTION: efConstruction, HNSW_EF_SEARCH: efSearch, VECTOR_QUANTIZATION: quantization } = this.config;
    return { m, efConstruction, efSearch, quantization };
  }

  get bm25Options(): Bm25Options {
    return bm25Options(this.config);
  }

  /** Replaces the whole index with a snapshot's (at boot, before anything else is applied). */
  restore(version: number, space: Space | undefined, namespaces: Map<string, NamespaceIndex>): void {
    this.namespaces.clear();
    for (const [name, index] of namespaces) this.namespaces.set(name, index);
    this.version = version;
    this.space = space;
  }

  /** Switches every namespace to vectors of `space` at once (namespaces missing from `vectors` get an empty index). */
  switchSpace(space: Space, vectors: Map<string, AdaptiveVectorIndex>): void {
    for (const [name, index] of this.namespaces) {
      if (index.vectors instanceof AdaptiveVectorIndex) index.vectors.dispose();
      index.vectors = this.holdsVectors ? (vectors.get(name) ?? this.newVectorIndex(space.dims)) : undefined;
    }
    this.space = space;
  }

  stats(namespace?: string): Omit<StatsResponse, 'indexVersion'> {
    const indexes = namespace ? [this.namespaces.get(namespace)].filter((i): i is NamespaceIndex => !!i) : [...this.namespaces.values()];
    const kinds = indexes.map((i) => (i.vectors instanceof AdaptiveVectorIndex ? i.vectors.kind : undefined)).filter((k) => k !== undefined);
    const vectorIndex = this.holdsVectors ? (kinds.find((k) => k === 'building-hnsw') ?? kinds.find((k) => k === 'hnsw') ?? kinds[0]) : ('pinecone' as const);
    return {
      documents: indexes.reduce((sum, i) => sum + i.documentCount, 0),
      chunks: indexes.reduce((sum, i) => sum + i.chunkCount, 0),
      ...(this.space ? { model: this.space.model } : {}),
      ...(this.targetModel ? { targetModel: this.targetModel } : {}),
      ...(vectorIndex ? { vectorIndex } : {}),
    };
  }
}
