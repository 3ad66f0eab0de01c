import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UploadedFiles, UseGuards, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { BusClient } from '@eloquent/bus';
import {
  Patterns,
  DeleteDocumentRequestSchema,
  EnqueueRequestSchema,
  IngestJobRequestSchema,
  ListDocumentsRequestSchema,
  parseOrThrow,
  type EnqueueResponse,
  type IngestJobView,
  type ListDocumentsRequest,
  type ListDocumentsResponse,
} from '@eloquent/contracts';
import { ZodValidationPipe } from '../http/zod-validation';
import { AdminGuard } from '../identity/admin.guard';
import { ApiErrors } from '../openapi/api-errors';
import { ApiZodQuery, openApiSchema } from '../openapi/zod-openapi';
import { MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_FILES, uploadedDocuments, type UploadedFile } from './uploaded-documents';

const UPLOAD_FORM: SchemaObject = {
  type: 'object',
  required: ['files'],
  properties: {
    namespace: { type: 'string', default: 'default' },
    files: { type: 'array', items: { type: 'string', format: 'binary' }, description: `Up to ${MAX_UPLOAD_FILES} markdown, text or HTML files` },
  },
};

/**
 * Admin: the knowledge base. Documents go in through the retrieval service's ingestion queue:
 * `POST /v1/documents` answers 202 with a job id at once (chunking and embedding happen in
 * the background), `GET /v1/ingest-jobs/:jobId` follows the job.
 */
@ApiTags('documents')
@ApiSecurity('admin-key')
@ApiBearerAuth('clerk')
@Controller('v1')
@UseGuards(AdminGuard)
export class DocumentsController {
  constructor(private readonly bus: BusClient) {}

  @Post('documents')
  @HttpCode(202)
  @UseInterceptors(FilesInterceptor('files', MAX_UPLOAD_FILES, { limits: { fileSize: MAX_UPLOAD_FILE_BYTES, files: MAX_UPLOAD_FILES } }))
  @ApiOperation({ summary: 'Queues documents for ingestion: JSON `{ namespace?, documents }`, or a multipart upload of files — admin only' })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: { oneOf: [openApiSchema(EnqueueRequestSchema), UPLOAD_FORM] } })
  @ApiResponse({ status: 202, description: 'Queued', schema: { type: 'object', properties: { jobId: { type: 'string' } }, required: ['jobId'] } })
  @ApiErrors(400, 403, 413, 503)
  enqueue(@Body() body: unknown, @UploadedFiles() files: UploadedFile[] | undefined): Promise<EnqueueResponse> {
    const request = files?.length ? uploadedDocuments(files, (body ?? {}) as Record<string, unknown>) : parseOrThrow(EnqueueRequestSchema, body ?? {});
    return this.bus.request(Patterns.retrievalEnqueue, request);
  }

  @Get('ingest-jobs/:jobId')
  @ApiOperation({ summary: 'Progress of an ingestion job, with each failed document and its reason — admin only' })
  @ApiParam({ name: 'jobId', type: 'string' })
  @ApiResponse({ status: 200, description: 'state: queued | active | retrying | completed | failed; counts; errors' })
  @ApiErrors(403, 404)
  job(@Param() params: Record<string, string>): Promise<IngestJobView> {
    return this.bus.request(Patterns.retrievalJob, parseOrThrow(IngestJobRequestSchema, params));
  }

  @Get('documents')
  @ApiOperation({ summary: 'The documents of a namespace, by externalId, a page at a time — admin only' })
  @ApiZodQuery(ListDocumentsRequestSchema)
  @ApiResponse({ status: 200, description: '{ documents, nextCursor? }: pass nextCursor as cursor for the next page' })
  @ApiErrors(400, 403)
  list(@Query(new ZodValidationPipe(ListDocumentsRequestSchema)) query: ListDocumentsRequest): Promise<ListDocumentsResponse> {
    return this.bus.request(Patterns.retrievalList, query);
  }

  @Delete('documents/:namespace/:externalId')
  @ApiOperation({ summary: 'Deletes a document: no replica returns it in search a second later — admin only' })
  @ApiParam({ name: 'namespace', type: 'string' })
  @ApiParam({ name: 'externalId', type: 'string' })
  @ApiResponse({ status: 200, schema: { type: 'object', properties: { deleted: { type: 'boolean' } } } })
  @ApiErrors(403, 404)
  delete(@Param() params: Record<string, string>): Promise<{ deleted: true }> {
    return this.bus.request(Patterns.retrievalDelete, parseOrThrow(DeleteDocumentRequestSchema, params));
  }
}
