import { extname } from 'node:path';
import { htmlToText } from './html-to-text';
import { parseMarkdownDocument, type MarkdownDocument } from './markdown-documents';

/** File extensions a knowledge-base document can be read from. */
export const DOCUMENT_FILE_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm'];

/**
 * One file as a knowledge-base document keyed by its file name: markdown or text (YAML front
 * matter for title, url and metadata), or HTML converted to markdown-like text (title from
 * `<title>` or the first `<h1>`, url from the canonical link).
 */
export function documentFromFile(fileName: string, content: string): MarkdownDocument {
  const extension = extname(fileName).toLowerCase();
  if (extension !== '.html' && extension !== '.htm') return parseMarkdownDocument(fileName, content);
  const page = htmlToText(content);
  return {
    externalId: fileName,
    title: page.title ?? fileName.replace(/\.[^.]+$/, ''),
    ...(page.url ? { url: page.url } : {}),
    text: page.text,
    metadata: {},
  };
}
