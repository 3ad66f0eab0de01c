import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { parseOrThrow, Patterns, StatsRequestSchema, type SearchRequest, type SearchResponse, type StatsResponse } from '@eloquent/contracts';
import { IndexRegistry } from './index-registry';
import { SearchService } from './search.service';

@Controller()
export class SearchHandler {
  constructor(
    private readonly searchService: SearchService,
    private readonly registry: IndexRegistry,
  ) {}

  @MessagePattern(Patterns.retrievalSearch)
  search(@Payload() request: SearchRequest): Promise<SearchResponse> {
    return this.searchService.search(request);
  }

  @MessagePattern(Patterns.retrievalStats)
  stats(@Payload() request: unknown): StatsResponse {
    const { namespace } = parseOrThrow(StatsRequestSchema, request ?? {});
    return { ...this.registry.stats(namespace), indexVersion: this.registry.version };
  }
}
