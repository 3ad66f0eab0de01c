/**
 * `npm run ingest -- <folder | file.jsonl | file> [--namespace default] [--batch 500]`: loads
 * documents into the running stack through the ingestion queue, exactly like an upload to
 * `POST /v1/documents`, and reports per-document failures. Talks to the bus of the stack named
 * by REDIS_URL / REDIS_PREFIX (defaults: those of `npm start`).
 */
import { DEFAULT_NAMESPACE } from '@eloquent/contracts';
import { connectBus } from './bus';
import { readDocuments } from './documents-source';
import { cli, numberOption, progress } from '@eloquent/cli';
import { ingestDocuments } from './ingest-client';

const USAGE = 'npm run ingest -- <folder | file.jsonl | file.md|.txt|.html> [--namespace default] [--batch 500]';

async function main(): Promise<number> {
  const { values, positionals } = cli({
    usage: USAGE,
    description: 'Loads documents into the running stack through the ingestion queue (REDIS_URL / REDIS_PREFIX name the stack).',
    positionals: '<folder | file>',
    options: {
      namespace: { type: 'string', description: 'the namespace to load into', default: DEFAULT_NAMESPACE, hint: 'name' },
      batch: { type: 'string', description: 'documents per ingestion job', default: '500', hint: 'n' },
    },
  });
  const [path, ...extra] = positionals;
  if (!path || extra.length) {
    console.error(`usage: ${USAGE}`);
    return 2;
  }
  const namespace = values.namespace;
  const batchSize = numberOption('batch', values.batch);
  const documents = await readDocuments(path);
  if (documents.length === 0) {
    console.error(`no documents in ${path} (markdown, text or HTML files, or JSON Lines)`);
    return 1;
  }
  const bus = await connectBus('ingest-cli');
  try {
    console.log(`ingesting ${documents.length} documents from ${path} into namespace "${namespace}"…`);
    const summary = await ingestDocuments(bus, namespace, documents, { batchSize, onProgress: progress('  processed') });
    const { created, updated, unchanged, failed } = summary.counts;
    console.log(
      `done in ${summary.seconds.toFixed(1)} s (${summary.jobs} job(s)): ${created} created, ${updated} updated, ${unchanged} unchanged, ${failed} failed`,
    );
    for (const { externalId, error } of summary.errors) console.log(`  failed: ${externalId}: ${error}`);
    return summary.errors.length > 0 ? 1 : 0;
  } finally {
    await bus.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`ingest failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
