import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { load as parseYaml } from 'js-yaml';

/** A knowledge-base article read from a markdown (or text) file. */
export interface MarkdownDocument {
  externalId: string;
  title: string;
  url?: string;
  text: string;
  metadata: Record<string, string | number | boolean>;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
const TEXT_FILES = new Set(['.md', '.markdown', '.txt']);

/**
 * Splits YAML front matter (title, url, any scalar metadata such as category) from the
 * body. The title falls back to the first `# heading`, then the file name.
 */
export function parseMarkdownDocument(fileName: string, content: string): MarkdownDocument {
  const match = FRONT_MATTER.exec(content);
  const front = match ? ((parseYaml(match[1]) as Record<string, unknown> | null) ?? {}) : {};
  const text = (match ? content.slice(match[0].length) : content).trim();
  const metadata: MarkdownDocument['metadata'] = {};
  for (const [key, value] of Object.entries(front)) {
    if (key !== 'title' && key !== 'url' && ['string', 'number', 'boolean'].includes(typeof value)) metadata[key] = value as string | number | boolean;
  }
  const heading = /^#\s+(.+)$/m.exec(text)?.[1]?.trim();
  const title = typeof front.title === 'string' ? front.title : (heading ?? fileName.replace(/\.[^.]+$/, ''));
  return { externalId: fileName, title, ...(typeof front.url === 'string' ? { url: front.url } : {}), text, metadata };
}

/** Every markdown/text file directly inside `folder`, sorted by name. */
export async function loadMarkdownFolder(folder: string): Promise<MarkdownDocument[]> {
  const names = (await readdir(folder)).filter((n) => TEXT_FILES.has(extname(n).toLowerCase()) && n.toLowerCase() !== 'readme.md').sort();
  return Promise.all(names.map(async (name) => parseMarkdownDocument(name, await readFile(join(folder, name), 'utf8'))));
}
