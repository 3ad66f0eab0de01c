import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeleteDocumentRequestSchema, parseOrThrow, Patterns, type ListDocumentsRequest, type ListDocumentsResponse } from '@eloquent/contracts';
import { DocumentsService } from './documents.service';

@Controller()
export class DocumentsHandler {
  constructor(private readonly documents: DocumentsService) {}

  @MessagePattern(Patterns.retrievalDelete)
  async delete(@Payload() request: unknown): Promise<{ deleted: true }> {
    const { namespace, externalId } = parseOrThrow(DeleteDocumentRequestSchema, request);
    await this.documents.delete(namespace, externalId);
    return { deleted: true };
  }

  @MessagePattern(Patterns.retrievalList)
  list(@Payload() request: ListDocumentsRequest): Promise<ListDocumentsResponse> {
    return this.documents.list(request ?? {});
  }
}
