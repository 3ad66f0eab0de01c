import { AppError, DEFAULT_NAMESPACE, type EnqueueRequest } from '@eloquent/contracts';
import { DOCUMENT_FILE_EXTENSIONS, documentFromFile } from '@eloquent/text';
import { extname } from 'node:path';

/** Most files one upload may carry, and the largest file (a document's text is at most 2,000,000 characters). */
export const MAX_UPLOAD_FILES = 100;
export const MAX_UPLOAD_FILE_BYTES = 2 * 1024 * 1024;

/** The fields of a multer file that an upload needs. */
export interface UploadedFile {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

const EXTENSION_FOR_TYPE: Record<string, string> = { 'text/html': '.html', 'text/markdown': '.md', 'text/plain': '.txt' };

/**
 * A multipart upload as an ingestion request: each file (markdown, text or HTML, UTF-8) is one
 * document keyed by its file name; the form field `namespace` picks the namespace. A file
 * without a known extension is read by its content type.
 */
export function uploadedDocuments(files: UploadedFile[], fields: Record<string, unknown>): EnqueueRequest {
  const unknownFields = Object.keys(fields).filter((key) => key !== 'namespace');
  if (unknownFields.length) throw new AppError('VALIDATION_FAILED', `Invalid request: unknown form field(s): ${unknownFields.join(', ')}`);
  const documents = files.map((file) => {
    const name = file.originalname.normalize('NFC');
    const known = DOCUMENT_FILE_EXTENSIONS.includes(extname(name).toLowerCase());
    const byType = EXTENSION_FOR_TYPE[file.mimetype.split(';')[0].trim().toLowerCase()];
    if (!known && !byType) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Invalid request: ${name}: only markdown, text and HTML files can be uploaded (${DOCUMENT_FILE_EXTENSIONS.join(', ')})`,
      );
    }
    const content = new TextDecoder('utf-8', { fatal: false }).decode(file.buffer);
    const { metadata, ...document } = documentFromFile(known ? name : `${name}${byType}`, content);
    return { ...document, externalId: name, metadata };
  });
  const namespace = typeof fields.namespace === 'string' && fields.namespace ? fields.namespace : DEFAULT_NAMESPACE;
  return { namespace, documents };
}
