import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { RetrievalConfig } from '../../config';
import { AdaptiveVectorIndex } from '../../index/adaptive-vector-index';
import { rescore } from '../../index/rescore';
import type { ScoredId } from '../../index/top-k';
import { IndexRegistry } from '../../local-index/index-registry';
import { VECTOR_BACKEND, type VectorBackend, type VectorBackendDefinition, type VectorQuery } from '../vector-backend';
import { FullPrecisionVectors } from './full-precision-vectors';

/** Candidates an i8 graph returns per result wanted, before full-precision rescoring picks the best. */
const RESCORE_OVERSAMPLING = 2;

/**
 * Vectors in this replica's memory (exact scan, or HNSW above the threshold), kept by the
 * IndexFollower. With an i8 graph (VECTOR_QUANTIZATION=i8) the top candidates are rescored
 * with their full-precision vectors from Postgres (docs/retrieval.md, "At scale").
 */
@Injectable()
export class MemoryVectorBackend implements VectorBackend {
  readonly name = 'memory';
  readonly fusesKeywords = false;

  constructor(
    private readonly registry: IndexRegistry,
    private readonly fullPrecision: FullPrecisionVectors,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  async query({ namespace, model, vector, topK, filter }: VectorQuery): Promise<ScoredId[]> {
    const index = this.registry.get(namespace);
    if (!vector || !index?.vectors || this.registry.space?.model !== model) return [];
    const accept = filter ? index.metadataFilter(filter) : undefined;
    const quantized = this.config.VECTOR_QUANTIZATION === 'i8' && index.vectors instanceof AdaptiveVectorIndex && index.vectors.kind === 'hnsw';
    if (!quantized) return index.vectors.search(vector, topK, accept);
    const candidates = index.vectors.search(vector, topK * RESCORE_OVERSAMPLING, accept);
    return rescore(
      vector,
      candidates,
      await this.fullPrecision.read(
        model,
        candidates.map((c) => c.id),
      ),
      topK,
    );
  }
}

export const memoryVectorBackend: VectorBackendDefinition = {
  name: 'memory',
  providers: [MemoryVectorBackend, FullPrecisionVectors, { provide: VECTOR_BACKEND, useExisting: MemoryVectorBackend }],
};
