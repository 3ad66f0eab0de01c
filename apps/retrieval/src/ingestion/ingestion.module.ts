import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { DocumentsJobProcessor } from './documents-job.processor';
import { IngestQueue } from './ingest-queue';
import { IngestionHandler } from './ingestion.handler';
import { IngestionService } from './ingestion.service';
import { PassageEmbedder } from './passage-embedder';
import { ReembedJobProcessor } from './reembed-job.processor';
import { ReembedMonitor } from './reembed.monitor';

@Module({
  imports: [DocumentsModule],
  controllers: [IngestionHandler],
  providers: [PassageEmbedder, DocumentsJobProcessor, ReembedJobProcessor, IngestQueue, IngestionService, ReembedMonitor],
  exports: [IngestionService],
})
export class IngestionModule {}
