import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Patterns, type EmbeddingInfo, type EmbedRequest, type EmbedResponse } from '@eloquent/contracts';
import { EmbeddingService } from './embedding.service';

@Controller()
export class EmbedHandler {
  constructor(private readonly embeddings: EmbeddingService) {}

  @MessagePattern(Patterns.embeddingEmbed)
  embed(@Payload() request: EmbedRequest): Promise<EmbedResponse> {
    return this.embeddings.embed(request);
  }

  /** Which vector spaces this service produces and through which tiers (retrieval's re-embed job reads it). */
  @MessagePattern(Patterns.embeddingInfo)
  info(): EmbeddingInfo {
    return this.embeddings.info();
  }
}
