import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface BeirDocument {
  _id: string;
  title: string;
  text: string;
}

export interface BeirDataset {
  corpus: BeirDocument[];
  /** Only the queries that have relevance judgements in the split. */
  queries: Array<{ _id: string; text: string }>;
  /** query id → document id → graded relevance. */
  qrels: Map<string, Map<string, number>>;
}

/**
 * Reads a BEIR dataset folder: `corpus.jsonl` (`_id`, `title`, `text`), the split's queries
 * (`queries.<split>.jsonl`, else `queries.jsonl`) and judgements (`qrels.<split>.tsv`, else
 * `qrels/<split>.tsv`; tab-separated `query-id corpus-id score` with a header line).
 */
export async function loadBeir(dir: string, split: string): Promise<BeirDataset> {
  const corpus = (await readJsonLines(join(dir, 'corpus.jsonl'))).map((row) => ({
    _id: String(row._id),
    title: typeof row.title === 'string' ? row.title : '',
    text: typeof row.text === 'string' ? row.text : '',
  }));
  const qrels = new Map<string, Map<string, number>>();
  const qrelsFile = firstExisting(join(dir, `qrels.${split}.tsv`), join(dir, 'qrels', `${split}.tsv`));
  for (const line of (await readFile(qrelsFile, 'utf8')).split('\n')) {
    const [queryId, documentId, score] = line.trim().split('\t');
    if (!queryId || !documentId || !/^-?\d+$/.test(score ?? '')) continue; // the header, blank lines
    let judged = qrels.get(queryId);
    if (!judged) qrels.set(queryId, (judged = new Map()));
    judged.set(documentId, Number(score));
  }
  const queriesFile = firstExisting(join(dir, `queries.${split}.jsonl`), join(dir, 'queries.jsonl'));
  const queries = (await readJsonLines(queriesFile))
    .map((row) => ({ _id: String(row._id), text: String(row.text ?? '') }))
    .filter((q) => qrels.has(q._id) && q.text.trim());
  return { corpus, queries, qrels };
}

function firstExisting(...paths: string[]): string {
  const found = paths.find((p) => existsSync(p));
  if (!found) throw new Error(`none of ${paths.join(', ')} exists`);
  return found;
}

async function readJsonLines(file: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
