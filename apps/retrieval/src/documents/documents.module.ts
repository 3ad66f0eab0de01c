import { Module } from '@nestjs/common';
import { DocumentsHandler } from './documents.handler';
import { DocumentsService } from './documents.service';
import { PassageEmbedder } from './passage-embedder';

@Module({
  controllers: [DocumentsHandler],
  providers: [DocumentsService, PassageEmbedder],
  exports: [DocumentsService],
})
export class DocumentsModule {}
