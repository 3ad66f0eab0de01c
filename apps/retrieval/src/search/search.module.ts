import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { RetrievalConfig } from '../config';
import { VECTOR_BACKENDS } from '../vector-backends/backends';
import { VECTOR_BACKEND } from '../vector-backends/vector-backend';
import { VectorSpaceModule } from '../vector-space/vector-space.module';
import { IndexSnapshots } from './index-snapshots';
import { KeywordStatsModule } from '../keyword-stats/keyword-stats.module';
import { ChunkTexts } from './chunk-texts';
import { RemoteKeywordSides } from './keyword-side';
import { IndexFollower } from './index-follower';
import { ChangeListener } from '../change-log/change-listener';
import { IndexRegistry } from '../local-index/index-registry';
import { QueryEmbedder } from './query-embedder';
import { SearchCache } from './search-cache';
import { SearchHandler } from './search.handler';
import { SearchService } from './search.service';

/** Search and the in-memory index that follows the change log, with the vector backend VECTOR_BACKEND selects. */
@Module({})
export class SearchModule {
  static forRoot(config: RetrievalConfig): DynamicModule {
    const backend: Provider[] = VECTOR_BACKENDS[config.VECTOR_BACKEND].providers;
    return {
      module: SearchModule,
      imports: [VectorSpaceModule, KeywordStatsModule],
      controllers: [SearchHandler],
      providers: [
        ChangeListener,
        IndexRegistry,
        IndexFollower,
        IndexSnapshots,
        ChunkTexts,
        RemoteKeywordSides,
        QueryEmbedder,
        SearchCache,
        SearchService,
        ...backend,
      ],
      exports: [ChangeListener, IndexRegistry, IndexFollower, SearchService, QueryEmbedder, VECTOR_BACKEND],
    };
  }
}
