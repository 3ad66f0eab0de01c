import { Module } from '@nestjs/common';
import { VectorSpaceModule } from '../vector-space/vector-space.module';
import { DocumentsHandler } from './documents.handler';
import { DocumentsService } from './documents.service';

@Module({
  imports: [VectorSpaceModule],
  controllers: [DocumentsHandler],
  providers: [DocumentsService],
  exports: [DocumentsService, VectorSpaceModule],
})
export class DocumentsModule {}
