import { unzipSync } from 'fflate';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** The public BEIR archive of each dataset this repository evaluates on. */
export const BEIR_URLS: Record<string, string> = {
  scifact: 'https://public.ukp.informatik.tu-darmstadt.de/thakur/BEIR/datasets/scifact.zip',
};

export interface InstallOptions {
  /** The folder to create (e.g. data/scifact); replaced only once the new copy is complete. */
  out: string;
  /** A local BEIR zip or an unpacked dataset folder, instead of downloading. */
  from?: string;
  /** Where to download the zip from when `from` is not given. */
  url?: string;
  timeoutMs?: number;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
}

/** Downloads (or copies) a BEIR dataset into `out`: corpus.jsonl, queries.jsonl, qrels/<split>.tsv. */
export async function installBeir(options: InstallOptions): Promise<{ source: string; files: string[] }> {
  const staging = `${options.out}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    let source: string;
    if (options.from && existsSync(options.from) && statSync(options.from).isDirectory()) {
      cpSync(datasetRoot(options.from), staging, { recursive: true });
      source = options.from;
    } else if (options.from) {
      if (!existsSync(options.from)) throw new Error(`--from ${options.from}: no such file or folder`);
      extractZip(readFileSync(options.from), staging);
      source = options.from;
    } else {
      if (!options.url) throw new Error('no --from and no URL to download from');
      extractZip(await download(options.url, options.timeoutMs ?? 300_000, options.onProgress), staging);
      source = options.url;
    }
    const files = listFiles(staging);
    if (!files.includes('corpus.jsonl')) throw new Error(`${source} holds no corpus.jsonl: not a BEIR dataset`);
    if (!files.some((f) => /^queries(\.[^/]+)?\.jsonl$/.test(f))) throw new Error(`${source} holds no queries*.jsonl`);
    if (!files.some((f) => /^qrels(\/|\.)[^/]+\.tsv$/.test(f))) throw new Error(`${source} holds no qrels (qrels/<split>.tsv)`);
    rmSync(options.out, { recursive: true, force: true });
    mkdirSync(dirname(options.out), { recursive: true });
    renameSync(staging, options.out);
    return { source, files };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The folder holding corpus.jsonl: the given one or its only sub-folder (the archive's `scifact/`). */
function datasetRoot(dir: string): string {
  if (existsSync(join(dir, 'corpus.jsonl'))) return dir;
  const folders = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  if (folders.length === 1 && existsSync(join(dir, folders[0].name, 'corpus.jsonl'))) return join(dir, folders[0].name);
  throw new Error(`${dir} holds no corpus.jsonl: not a BEIR dataset`);
}

/** Unzips the archive's dataset folder (`scifact/…`, or the root) into `into`. */
function extractZip(zip: Uint8Array, into: string): void {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (error) {
    throw new Error(`not a readable zip archive (${error instanceof Error ? error.message : error})`);
  }
  const corpus = Object.keys(entries).find((name) => name === 'corpus.jsonl' || name.endsWith('/corpus.jsonl'));
  if (!corpus) throw new Error('the archive holds no corpus.jsonl: not a BEIR dataset');
  const prefix = corpus.slice(0, -'corpus.jsonl'.length);
  for (const [name, data] of Object.entries(entries)) {
    if (!name.startsWith(prefix) || name.endsWith('/')) continue;
    const relative = normalize(name.slice(prefix.length));
    if (relative.startsWith('..') || relative.startsWith('/')) throw new Error(`refusing the archive entry ${name}`);
    mkdirSync(dirname(join(into, relative)), { recursive: true });
    writeFileSync(join(into, relative), data);
  }
}

async function download(url: string, timeoutMs: number, onProgress?: (done: number, total: number) => void): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new Error(`cannot download ${url}: ${reason}. Without internet access, get the zip elsewhere and pass --from <zip or folder>`);
  }
  if (!response.ok || !response.body) throw new Error(`cannot download ${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const chunks: Uint8Array[] = [];
  let done = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    done += chunk.length;
    onProgress?.(done, Math.max(total, done));
  }
  return Buffer.concat(chunks);
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}
