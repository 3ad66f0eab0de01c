/**
 * `npm run ingest -- <folder | file.jsonl | file> [--namespace default] [--batch 500]`: loads
 * documents into the running stack through the ingestion queue, exactly like an upload to
 * `POST /v1/documents`, and reports per-document failures. Talks to the bus of the stack named
 * by REDIS_URL / REDIS_PREFIX (defaults: those of `npm start`).
 */
import { DEFAULT_NAMESPACE } from '@eloquent/contracts';
import { connectBus } from './bus';
import { readDocuments } from './documents-source';
import { ingestDocuments } from './ingest-client';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const path = args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!path) {
    console.error('usage: npm run ingest -- <folder | file.jsonl | file.md|.txt|.html> [--namespace default] [--batch 500]');
    return 2;
  }
  const namespace = option('namespace') ?? DEFAULT_NAMESPACE;
  const documents = await readDocuments(path);
  if (documents.length === 0) {
    console.error(`no documents in ${path} (markdown, text or HTML files, or JSON Lines)`);
    return 1;
  }
  const bus = await connectBus('ingest-cli');
  try {
    console.log(`ingesting ${documents.length} documents from ${path} into namespace "${namespace}"…`);
    let last = -1;
    const summary = await ingestDocuments(bus, namespace, documents, {
      batchSize: Number(option('batch') ?? 500),
      onProgress: (processed, total) => {
        if (processed !== last) process.stdout.write(`\r  ${processed}/${total} processed`);
        last = processed;
      },
    });
    const { created, updated, unchanged, failed } = summary.counts;
    console.log(
      `\ndone in ${summary.seconds.toFixed(1)} s (${summary.jobs} job(s)): ${created} created, ${updated} updated, ${unchanged} unchanged, ${failed} failed`,
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
