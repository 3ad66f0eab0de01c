import { Injectable } from '@nestjs/common';
import type { ScoredId } from '../../index/top-k';
import { IndexRegistry } from '../../search/index-registry';
import { VECTOR_BACKEND, type VectorBackend, type VectorBackendDefinition, type VectorQuery } from '../vector-backend';

/** Vectors in this replica's memory (exact scan, or HNSW above the threshold), kept by the IndexFollower. */
@Injectable()
export class MemoryVectorBackend implements VectorBackend {
  readonly name = 'memory';
  readonly fusesKeywords = false;

  constructor(private readonly registry: IndexRegistry) {}

  async query({ namespace, model, vector, topK, filter }: VectorQuery): Promise<ScoredId[]> {
    const index = this.registry.get(namespace);
    if (!vector || !index?.vectors || this.registry.space?.model !== model) return [];
    return index.vectors.search(vector, topK, filter ? index.metadataFilter(filter) : undefined);
  }
}

export const memoryVectorBackend: VectorBackendDefinition = {
  name: 'memory',
  providers: [MemoryVectorBackend, { provide: VECTOR_BACKEND, useExisting: MemoryVectorBackend }],
};
