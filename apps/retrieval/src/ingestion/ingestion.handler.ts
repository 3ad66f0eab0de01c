import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Patterns, type EnqueueRequest, type EnqueueResponse, type IngestJobView, type IngestRequest, type IngestResponse } from '@eloquent/contracts';
import { IngestionService } from './ingestion.service';

@Controller()
export class IngestionHandler {
  constructor(private readonly ingestion: IngestionService) {}

  @MessagePattern(Patterns.retrievalEnqueue)
  enqueue(@Payload() request: EnqueueRequest): Promise<EnqueueResponse> {
    return this.ingestion.enqueue(request);
  }

  @MessagePattern(Patterns.retrievalJob)
  job(@Payload() request: unknown): Promise<IngestJobView> {
    return this.ingestion.job(request);
  }

  @MessagePattern(Patterns.retrievalIngest)
  ingest(@Payload() request: IngestRequest): Promise<IngestResponse> {
    return this.ingestion.ingestAndWait(request);
  }
}
