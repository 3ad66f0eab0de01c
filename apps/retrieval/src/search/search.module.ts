import { Module } from '@nestjs/common';
import { IndexFollower } from './index-follower';
import { IndexRegistry } from './index-registry';
import { QueryEmbedder } from './query-embedder';
import { SearchHandler } from './search.handler';
import { SearchService } from './search.service';

@Module({
  controllers: [SearchHandler],
  providers: [IndexRegistry, IndexFollower, QueryEmbedder, SearchService],
  exports: [IndexRegistry, IndexFollower, SearchService],
})
export class SearchModule {}
