import type { DocumentInput } from '@eloquent/contracts';
import { DOCUMENT_FILE_EXTENSIONS, documentFromFile } from '@eloquent/text';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The documents to ingest from `path`: a folder of markdown, text and HTML files (one
 * document each, keyed by file name), or a JSON Lines file with one document per line:
 * `{ externalId | _id | id, title?, text, url?, metadata? }` (a BEIR corpus.jsonl works as is).
 */
export async function readDocuments(path: string): Promise<DocumentInput[]> {
  if ((await stat(path)).isDirectory()) return readFolder(path);
  if (extname(path).toLowerCase() === '.jsonl') return readJsonLines(path);
  return [documentFromFile(basename(path), await readFile(path, 'utf8'))];
}

async function readFolder(folder: string): Promise<DocumentInput[]> {
  const names = (await readdir(folder))
    .filter((name) => DOCUMENT_FILE_EXTENSIONS.includes(extname(name).toLowerCase()))
    .filter((name) => name.toLowerCase() !== 'readme.md')
    .sort();
  return Promise.all(names.map(async (name) => documentFromFile(name, await readFile(join(folder, name), 'utf8'))));
}

async function readJsonLines(file: string): Promise<DocumentInput[]> {
  const documents: DocumentInput[] = [];
  let lineNumber = 0;
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    lineNumber++;
    if (!line.trim()) continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`${file}:${lineNumber}: not valid JSON`);
    }
    const externalId = String(row.externalId ?? row._id ?? row.id ?? '');
    const text = typeof row.text === 'string' ? row.text : '';
    if (!externalId || !(text || row.title)) throw new Error(`${file}:${lineNumber}: a document needs an id (externalId, _id or id) and text`);
    const title = typeof row.title === 'string' && row.title.trim() ? row.title : externalId;
    documents.push({
      externalId,
      title,
      text: text || title,
      ...(typeof row.url === 'string' && row.url ? { url: row.url } : {}),
      ...(row.metadata && typeof row.metadata === 'object' ? { metadata: row.metadata as DocumentInput['metadata'] } : {}),
    });
  }
  return documents;
}
