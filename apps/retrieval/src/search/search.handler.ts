import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SerializedResponse } from '@eloquent/bus';
import { parseOrThrow, Patterns, StatsRequestSchema, type SearchRequest, type StatsResponse } from '@eloquent/contracts';
import { IndexRegistry } from '../local-index/index-registry';
import { SearchService } from './search.service';

@Controller()
export class SearchHandler {
  constructor(
    private readonly searchService: SearchService,
    private readonly registry: IndexRegistry,
  ) {}

  /** Answered with JSON text, sent on the bus as it is (search.service.ts). */
  @MessagePattern(Patterns.retrievalSearch)
  async search(@Payload() request: SearchRequest): Promise<SerializedResponse> {
    return new SerializedResponse(await this.searchService.searchJson(request));
  }

  @MessagePattern(Patterns.retrievalStats)
  stats(@Payload() request: unknown): StatsResponse {
    const { namespace } = parseOrThrow(StatsRequestSchema, request ?? {});
    return { ...this.registry.stats(namespace), indexVersion: this.registry.version };
  }
}
