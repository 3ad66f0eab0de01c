import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { BusClient } from '@eloquent/bus';
import { SearchBodySchema, type SearchRequest, type SearchResponse, Patterns } from '@eloquent/contracts';
import { ZodValidationPipe } from '../http/zod-validation';
import { AdminGuard } from '../identity/admin.guard';
import { ApiErrors } from '../openapi/api-errors';
import { Views } from '../openapi/views';
import { ApiZodBody } from '../openapi/zod-openapi';

/** Admin: runs a retrieval query as the chat service would, with per-leg scores and timings, to debug answers. */
@ApiTags('admin')
@ApiSecurity('admin-key')
@ApiBearerAuth('clerk')
@Controller('v1/search')
@UseGuards(AdminGuard)
export class SearchController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Searches the knowledge base (hybrid, bm25 or vector) — admin only' })
  @ApiZodBody(SearchBodySchema)
  @ApiResponse({ status: 200, schema: Views.search })
  @ApiErrors(400, 403, 503)
  search(@Body(new ZodValidationPipe(SearchBodySchema)) request: SearchRequest): Promise<SearchResponse> {
    return this.bus.request(Patterns.retrievalSearch, request);
  }
}
