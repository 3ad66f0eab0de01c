import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import type { IngestOutcome, IngestResponse } from '@eloquent/contracts';
import type { RetrievalConfig } from '../config';
import { DocumentsService, hashContent, type PreparedDocument, type ValidDocument } from '../documents/documents.service';
import { chunkMarkdown } from '../index/chunker';
import { VectorSpaceChangedError, VectorSpaceService, type Space } from '../vector-space/vector-space.service';
import { externalIdsOf, progressOf, resultsOf, type DocumentsJob, type DocumentsJobProgress } from './ingest-job';
import { PassageEmbedder, passageText } from './passage-embedder';
import { errorMessage, isDocumentDataError, isTransientEmbeddingError } from './transient';

/** What became of one document in one attempt. */
type DocumentResult = { outcome: Exclude<IngestOutcome, 'failed'>; chunks: number } | { failed: string } | { retry: string };

/** After this many consecutive transient failures while isolating a batch, the rest of it waits for the next attempt. */
const FAIL_FAST_AFTER = 3;
/** A write that lost a race with a vector-space change is redone with fresh vectors, this many times. */
const SPACE_CHANGE_RETRIES = 2;

/** Thrown to make BullMQ retry the job (with backoff) for the documents that failed transiently. */
export class TransientDocumentsError extends Error {
  constructor(count: number, reason: string) {
    super(`${count} document(s) failed transiently (${reason}); retrying`);
    this.name = 'TransientDocumentsError';
  }
}

/**
 * Runs one ingestion job: documents in batches of INGEST_BATCH_DOCS are hashed (unchanged
 * ones are skipped), chunked, embedded in one request and written in one transaction. A
 * failure is narrowed down to the documents that cause it: a document the embedder or the
 * database refuses ends `failed` with the reason; one that fails transiently (embedding
 * service down, timeout, 429) is retried on the job's next attempt, after BullMQ's backoff,
 * and ends `failed` only when the attempts run out. Re-running a job is harmless: documents
 * already written are unchanged.
 */
@Injectable()
export class DocumentsJobProcessor {
  private readonly logger = new Logger(DocumentsJobProcessor.name);

  constructor(
    private readonly documents: DocumentsService,
    private readonly vectorSpaces: VectorSpaceService,
    private readonly embedder: PassageEmbedder,
    @Inject(APP_CONFIG) private readonly config: RetrievalConfig,
  ) {}

  async process(job: DocumentsJob): Promise<IngestResponse> {
    const { namespace, documents } = job.data;
    const progress = progressOf(job);
    const todo = progress.pending ?? documents.map((_, i) => i);
    const pending: number[] = [];
    for (let start = 0; start < todo.length; start += this.config.INGEST_BATCH_DOCS) {
      const batch = todo.slice(start, start + this.config.INGEST_BATCH_DOCS);
      const results = await this.ingestBatch(
        namespace,
        batch.map((i) => documents[i]),
      );
      results.forEach((result, k) => record(progress, batch[k], result, pending));
      await job.updateProgress({ ...progress, pending: [...pending, ...todo.slice(start + batch.length)] });
    }

    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (pending.length > 0 && !lastAttempt) {
      await job.updateProgress({ ...progress, pending });
      throw new TransientDocumentsError(pending.length, progress.errors[pending[0]]);
    }
    for (const i of pending) progress.outcomes[i] = 'failed';
    await job.updateProgress({ ...progress, pending: [] });
    if (pending.length > 0) this.logger.warn(`job ${job.id}: ${pending.length} document(s) failed after ${job.attemptsMade + 1} attempts`);
    const results = resultsOf(job, progress);
    await job.updateData({ namespace, documents: [], externalIds: externalIdsOf(job) });
    return { results };
  }

  private async ingestBatch(namespace: string, batch: ValidDocument[]): Promise<DocumentResult[]> {
    const results: DocumentResult[] = new Array(batch.length);
    const stored = await this.documents.stored(
      namespace,
      batch.map((d) => d.externalId),
    );
    const changed: Array<{ at: number; prepared: PreparedDocument }> = [];
    batch.forEach((document, at) => {
      const contentHash = hashContent(document);
      const existing = stored.get(document.externalId);
      if (existing?.contentHash === contentHash) {
        results[at] = { outcome: 'unchanged', chunks: existing.chunks };
        return;
      }
      const chunks = chunkMarkdown(
        { title: document.title, text: document.text },
        { maxTokens: this.config.CHUNK_MAX_TOKENS, overlapTokens: this.config.CHUNK_OVERLAP_TOKENS },
      );
      changed.push({ at, prepared: { document, contentHash, chunks, vectors: new Map() } });
    });

    let toWrite = changed;
    for (let round = 0; toWrite.length > 0; round++) {
      const embedded = await this.embed(toWrite.map((c) => c.prepared));
      const ready = toWrite.filter((_, k) => {
        const outcome = embedded.errors[k];
        if (outcome) results[toWrite[k].at] = outcome;
        return !outcome;
      });
      const conflicts = await this.write(namespace, ready, embedded.spaces, stored, results);
      if (conflicts.length > 0 && round >= SPACE_CHANGE_RETRIES) {
        for (const c of conflicts) results[c.at] = { retry: 'the index embedding model changed during the write' };
        break;
      }
      toWrite = conflicts;
    }
    return results;
  }

  /**
   * Embeds every chunk of the documents in each space the index needs (the active one and
   * any being built; a fresh index takes the embedding service's default). One request per
   * space for the whole batch; if it fails, each document alone, to find the culprits.
   */
  private async embed(prepared: PreparedDocument[]): Promise<{ spaces: Space[]; errors: Array<DocumentResult | undefined> }> {
    const state = await this.vectorSpaces.read();
    const models = state.active ? [state.active.model, ...(state.target ? [state.target.model] : [])] : [undefined];
    const errors: Array<DocumentResult | undefined> = new Array(prepared.length);
    const spaces: Space[] = [];
    const texts = prepared.map((p) => p.chunks.map((c) => passageText(p.document.title, c.headingPath, c.text)));
    if (texts.every((t) => t.length === 0)) return { spaces, errors };
    for (const model of models) {
      try {
        const reply = await this.embedder.embed(texts.flat(), model);
        spaces.push({ model: reply.model, dims: reply.dims });
        let offset = 0;
        prepared.forEach((p, k) => {
          p.vectors.set(reply.model, reply.vectors.slice(offset, offset + texts[k].length));
          offset += texts[k].length;
        });
      } catch (error) {
        const space = await this.embedEach(prepared, texts, model, errors, error);
        if (space) spaces.push(space);
      }
    }
    return { spaces, errors };
  }

  private async embedEach(
    prepared: PreparedDocument[],
    texts: string[][],
    model: string | undefined,
    errors: Array<DocumentResult | undefined>,
    batchError: unknown,
  ): Promise<Space | undefined> {
    let space: Space | undefined;
    let transientInARow = 0;
    for (let k = 0; k < prepared.length; k++) {
      if (errors[k] || texts[k].length === 0) continue;
      if (transientInARow >= FAIL_FAST_AFTER) {
        errors[k] = { retry: errorMessage(batchError) };
        continue;
      }
      try {
        const reply = await this.embedder.embed(texts[k], space?.model ?? model);
        space ??= { model: reply.model, dims: reply.dims };
        prepared[k].vectors.set(reply.model, reply.vectors);
        transientInARow = 0;
      } catch (error) {
        const transient = isTransientEmbeddingError(error);
        transientInARow = transient ? transientInARow + 1 : 0;
        errors[k] = transient ? { retry: errorMessage(error) } : { failed: `embedding failed: ${errorMessage(error)}` };
      }
    }
    return space;
  }

  /** Writes the documents in one transaction; on bad data, one by one. Returns those whose vector space went stale. */
  private async write(
    namespace: string,
    ready: Array<{ at: number; prepared: PreparedDocument }>,
    spaces: Space[],
    stored: Map<string, unknown>,
    results: DocumentResult[],
  ): Promise<Array<{ at: number; prepared: PreparedDocument }>> {
    if (ready.length === 0) return [];
    const done = (c: { at: number; prepared: PreparedDocument }) =>
      (results[c.at] = { outcome: stored.has(c.prepared.document.externalId) ? 'updated' : 'created', chunks: c.prepared.chunks.length });
    try {
      await this.documents.write(
        namespace,
        ready.map((c) => c.prepared),
        spaces,
      );
      ready.forEach(done);
      return [];
    } catch (error) {
      if (error instanceof VectorSpaceChangedError) return ready;
      if (!isDocumentDataError(error)) throw error; // the database itself is failing: BullMQ retries the job
      if (ready.length === 1) {
        results[ready[0].at] = { failed: `could not store the document: ${errorMessage(error)}` };
        return [];
      }
    }
    const conflicts: Array<{ at: number; prepared: PreparedDocument }> = [];
    for (const c of ready) conflicts.push(...(await this.write(namespace, [c], spaces, stored, results)));
    return conflicts;
  }
}

function record(progress: DocumentsJobProgress, index: number, result: DocumentResult, pending: number[]): void {
  if ('retry' in result) {
    progress.errors[index] = result.retry;
    pending.push(index);
  } else if ('failed' in result) {
    progress.outcomes[index] = 'failed';
    progress.errors[index] = result.failed;
  } else {
    progress.outcomes[index] = result.outcome;
    progress.chunks[index] = result.chunks;
    delete progress.errors[index];
  }
}
