import 'reflect-metadata';
import { BusClient } from '@eloquent/bus';
import { cli, numberOption } from '@eloquent/cli';
import { decodeVector, Patterns } from '@eloquent/contracts';
import { createReadStream } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { loadRetrievalConfig } from './config';
import { chunkMarkdown, type Chunk } from './index/chunker';
import { passageText } from './ingestion/passage-embedder';

/** Documents written per transaction. */
const BATCH = 500;
const EMBED_BATCH = 256;
const USAGE = 'node dist/apps/retrieval/src/bulk-load.js <corpus.jsonl> --namespace NS [--max-chunks N]';

interface Row {
  id: string;
  externalId: string;
  title: string;
  text: string;
  chunks: Chunk[];
}

/**
 * `node dist/apps/retrieval/src/bulk-load.js <corpus.jsonl> --namespace NS [--max-chunks N]`:
 * writes a JSON Lines corpus (`_id` or `externalId`, `title`, `text`) straight into an EMPTY
 * namespace: chunked like ingestion, embedded by the embedding service over the bus (in the
 * index's model, or the service's default for a fresh index), inserted in batches of 500
 * documents, one change seq each, under the change-log lock. No queue, no per-document
 * bookkeeping (no content-hash skipping, no metadata): for loading large corpora for
 * benchmarks and first imports. Every replica picks the rows up from the change log. Prints
 * `{"documents":…,"chunks":…,"seconds":…}` on its last line.
 */
async function main(): Promise<void> {
  const { values, positionals } = cli({
    usage: USAGE,
    description:
      'Writes a JSON Lines corpus (_id or externalId, title, text) straight into an empty namespace, chunked like ingestion and ' +
      'embedded over the bus (DATABASE_URL, REDIS_URL / REDIS_PREFIX): for large corpora (benchmarks, first imports).',
    positionals: '<corpus.jsonl>',
    options: {
      namespace: { type: 'string', description: 'the namespace to fill (required; must be empty)', hint: 'ns' },
      'max-chunks': { type: 'string', description: 'stop after this many chunks (default: the whole corpus)', hint: 'n' },
    },
  });
  const [file, ...extra] = positionals;
  const namespace = values.namespace;
  if (!file || extra.length || !namespace) {
    console.error(`error: usage: ${USAGE}\nrun with --help for the options`);
    process.exit(2);
  }
  const maxChunks = values['max-chunks'] === undefined ? Number.POSITIVE_INFINITY : numberOption('max-chunks', values['max-chunks']);
  const config = loadRetrievalConfig();
  const started = Date.now();
  const db = new Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  const bus = new BusClient({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, name: 'retrieval-bulk-load', defaultTimeoutMs: 60_000 });
  let documents = 0;
  let chunks = 0;
  try {
    const [{ taken }] = (await db.query(`SELECT count(*)::int AS taken FROM retrieval.documents WHERE namespace = $1`, [namespace])).rows;
    if (taken > 0) throw new Error(`namespace ${namespace} is not empty: bulk load only fills new namespaces (use npm run ingest otherwise)`);
    const model = await bindSpace(db, bus);
    let batch: Row[] = [];
    const flush = async () => {
      chunks += await write(db, bus, model, namespace, batch);
      documents += batch.length;
      batch = [];
      if (documents % 20_000 < BATCH) console.log(`  ${documents} documents, ${chunks} chunks…`);
    };
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      const parsed = JSON.parse(line) as { _id?: unknown; externalId?: unknown; title?: unknown; text?: unknown };
      const externalId = String(parsed.externalId ?? parsed._id ?? '');
      const text = typeof parsed.text === 'string' ? parsed.text.trim() : '';
      const title = (typeof parsed.title === 'string' ? parsed.title.trim() : '') || externalId;
      if (!externalId || !(text || title)) throw new Error(`line ${documents + batch.length + 1}: needs an _id/externalId and a title or text`);
      const row: Row = { id: randomUUID(), externalId, title, text: text || title, chunks: [] };
      row.chunks = chunkMarkdown({ title, text: row.text }, { maxTokens: config.CHUNK_MAX_TOKENS, overlapTokens: config.CHUNK_OVERLAP_TOKENS });
      if (chunks + batch.reduce((n, r) => n + r.chunks.length, 0) + row.chunks.length > maxChunks) break;
      batch.push(row);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
    await analyzeTables(db);
  } finally {
    await bus.close();
    await db.end();
  }
  console.log(JSON.stringify({ documents, chunks, seconds: (Date.now() - started) / 1000 }));
}

/**
 * Refreshes the planner's statistics of the tables a replica reads the change log from. Right
 * after a bulk load they still describe the tables before it, and a replica's rebuild then
 * reads each page of 1,000 documents with a hash join over every stored vector: measured at
 * 1M chunks, 3.4 s per page (about 50 minutes for the rebuild's reads) against 30 ms once
 * analyzed (docs/retrieval.md, "At scale"). Autovacuum would get there, later.
 */
async function analyzeTables(db: Client): Promise<void> {
  await db.query('ANALYZE retrieval.documents, retrieval.chunks, retrieval.chunk_vectors');
}

/** The index's active model, binding a fresh index to the embedding service's default. */
async function bindSpace(db: Client, bus: BusClient): Promise<string> {
  const info = await bus.request(Patterns.embeddingInfo, {});
  const space = info.models.find((m) => m.model === info.defaultModel)!;
  await db.query(`UPDATE retrieval.vector_space SET active_model = COALESCE(active_model, $1), active_dims = COALESCE(active_dims, $2) WHERE id = 1`, [
    space.model,
    space.dims,
  ]);
  const { rows } = await db.query(`SELECT active_model FROM retrieval.vector_space WHERE id = 1`);
  return rows[0].active_model as string;
}

async function write(db: Client, bus: BusClient, model: string, namespace: string, rows: Row[]): Promise<number> {
  const chunks = rows.flatMap((r) =>
    r.chunks.map((c) => ({
      id: createHash('sha1').update(`${r.id}:${c.ord}:${c.text}`).digest('base64url').slice(0, 22),
      documentId: r.id,
      chunk: c,
      title: r.title,
    })),
  );
  const vectors: Buffer[] = [];
  for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
    const slice = chunks.slice(start, start + EMBED_BATCH);
    const response = await bus.request(Patterns.embeddingEmbed, {
      texts: slice.map((c) => passageText(c.title, c.chunk.headingPath, c.chunk.text)),
      kind: 'passage',
      model,
    });
    for (const encoded of response.vectors) {
      const vector = decodeVector(encoded);
      vectors.push(Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    }
  }
  await db.query('BEGIN');
  try {
    // Seqs (the column's default) are taken under the change-log lock, so commits become visible in seq order (change-log/change-log.ts).
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('retrieval.change_seq'))`);
    await db.query(
      `INSERT INTO retrieval.documents (id, namespace, external_id, title, metadata, content_hash, chunk_count)
       SELECT id, $1, ext, title, '{}', hash, n FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[]) AS t(id, ext, title, hash, n)`,
      [
        namespace,
        rows.map((r) => r.id),
        rows.map((r) => r.externalId),
        rows.map((r) => r.title),
        rows.map((r) =>
          createHash('sha256')
            .update(JSON.stringify([r.title, null, r.text, {}]))
            .digest('hex'),
        ),
        rows.map((r) => r.chunks.length),
      ],
    );
    await db.query(
      `INSERT INTO retrieval.chunks (id, document_id, ord, heading_path, text, token_count)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::jsonb[], $5::text[], $6::int[])`,
      [
        chunks.map((c) => c.id),
        chunks.map((c) => c.documentId),
        chunks.map((c) => c.chunk.ord),
        chunks.map((c) => JSON.stringify(c.chunk.headingPath)),
        chunks.map((c) => c.chunk.text),
        chunks.map((c) => c.chunk.tokenCount),
      ],
    );
    await db.query(`INSERT INTO retrieval.chunk_vectors (model, chunk_id, embedding) SELECT $1, * FROM unnest($2::text[], $3::bytea[])`, [
      model,
      chunks.map((c) => c.id),
      vectors,
    ]);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
  return chunks.length;
}

main().catch((error: unknown) => {
  console.error(`bulk load failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
