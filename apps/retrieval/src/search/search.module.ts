import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { RetrievalConfig } from '../config';
import { MemoryVectorBackend } from '../vector-backends/memory/memory-vector-backend';
import { PineconeSync } from '../vector-backends/pinecone/pinecone-sync';
import { PineconeVectorBackend } from '../vector-backends/pinecone/pinecone-vector-backend';
import { VECTOR_BACKEND } from '../vector-backends/vector-backend';
import { VectorSpaceModule } from '../vector-space/vector-space.module';
import { IndexSnapshots } from '../snapshot/index-snapshots';
import { ChunkTexts } from './chunk-texts';
import { IndexFollower } from './index-follower';
import { IndexRegistry } from './index-registry';
import { QueryEmbedder } from './query-embedder';
import { SearchCache } from './search-cache';
import { SearchHandler } from './search.handler';
import { SearchService } from './search.service';

/** Search and the in-memory index that follows the change log, with the vector backend VECTOR_BACKEND selects. */
@Module({})
export class SearchModule {
  static forRoot(config: RetrievalConfig): DynamicModule {
    const backend: Provider[] =
      config.VECTOR_BACKEND === 'pinecone'
        ? [PineconeVectorBackend, PineconeSync, { provide: VECTOR_BACKEND, useExisting: PineconeVectorBackend }]
        : [MemoryVectorBackend, { provide: VECTOR_BACKEND, useExisting: MemoryVectorBackend }];
    return {
      module: SearchModule,
      imports: [VectorSpaceModule],
      controllers: [SearchHandler],
      providers: [IndexRegistry, IndexFollower, IndexSnapshots, ChunkTexts, QueryEmbedder, SearchCache, SearchService, ...backend],
      exports: [IndexRegistry, IndexFollower, SearchService, QueryEmbedder, VECTOR_BACKEND],
    };
  }
}
