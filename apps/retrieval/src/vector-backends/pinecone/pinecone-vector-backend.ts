import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { ResilientCall } from '@eloquent/resilience';
import type { Index, PineconeRecord, RecordMetadata } from '@pinecone-database/pinecone';
import type { RetrievalConfig } from '../../config';
import type { ScoredId } from '../../index/top-k';
import type { MetadataFilter, VectorBackend, VectorQuery } from '../vector-backend';
import { toSparseVector, type SparseVector } from './sparse-vector';

/** Metadata keys Eloquent adds to every record (underscored, so they cannot clash with a document's own). */
export const PineconeKeys = { documentId: '_doc', externalId: '_ext', model: '_model', seq: '_seq' } as const;

export interface PineconeChunkRecord {
  id: string;
  values: Float32Array;
  sparse?: SparseVector;
  metadata: RecordMetadata;
}

/**
 * Pinecone as the vector backend (a `dotproduct` index): every chunk is a record with its
 * dense vector, a BM25-weighted sparse vector and its document's metadata, in a Pinecone
 * namespace named like ours. A hybrid query sends both vectors, convexly weighted, and
 * Pinecone returns the fused ranking. Records carry their model id and queries filter on it,
 * so vectors of two models are never compared, even mid-way through a re-sync.
 * Every call goes through a ResilientCall (timeout, retries on 429/5xx, breaker).
 */
@Injectable()
export class PineconeVectorBackend implements VectorBackend {
  readonly name = 'pinecone';
  readonly fusesKeywords = true;
  /** The SDK is loaded only when this backend is selected (it costs ~20 MB of memory). */
  private readonly index: Promise<Index>;
  private readonly call: ResilientCall;
  /** The index's dimension, read once, for keyword-only queries (a zero dense vector). */
  private dimension?: Promise<number>;

  constructor(@Inject(APP_CONFIG) config: RetrievalConfig) {
    this.index = import('@pinecone-database/pinecone').then(({ Pinecone }) => {
      const pinecone = new Pinecone({
        apiKey: config.PINECONE_API_KEY!,
        ...(config.PINECONE_CONTROLLER_HOST ? { controllerHostUrl: config.PINECONE_CONTROLLER_HOST } : {}),
        maxRetries: 0, // retries are the ResilientCall's
      });
      // With only a name, the SDK looks the host up (describe index) on first use.
      return pinecone.index({
        ...(config.PINECONE_INDEX ? { name: config.PINECONE_INDEX } : {}),
        ...(config.PINECONE_HOST ? { host: config.PINECONE_HOST } : {}),
      });
    });
    this.call = new ResilientCall({
      name: 'retrieval.pinecone',
      timeoutMs: config.PINECONE_TIMEOUT_MS,
      retries: 2,
      initialDelayMs: 200,
      maxDelayMs: 2_000,
      breakerThreshold: 5,
      halfOpenAfterMs: 10_000,
    });
  }

  async query({ namespace, model, vector, keywords, topK, filter }: VectorQuery): Promise<ScoredId[]> {
    const index = await this.index;
    const sparse = keywords ? toSparseVector(keywords) : undefined;
    // A dotproduct index needs a dense vector in every query: zeros add nothing to the scores.
    const dense = vector ? Array.from(vector) : new Array<number>(await this.indexDimension()).fill(0);
    const response = await this.call.execute(() =>
      index.query({
        namespace,
        topK,
        vector: dense,
        ...(sparse ? { sparseVector: sparse } : {}),
        filter: { ...equalities(filter), [PineconeKeys.model]: { $eq: model } },
      }),
    );
    return response.matches.map((m) => ({ id: m.id, score: m.score ?? 0 }));
  }

  async upsert(namespace: string, records: PineconeChunkRecord[]): Promise<void> {
    const converted: PineconeRecord[] = records.map((r) => ({
      id: r.id,
      values: Array.from(r.values),
      ...(r.sparse ? { sparseValues: r.sparse } : {}),
      metadata: r.metadata,
    }));
    const index = await this.index;
    await this.call.execute(() => index.upsert({ namespace, records: converted }));
  }

  async deleteByFilter(namespace: string, filter: object): Promise<void> {
    const index = await this.index;
    await this.call.execute(() => index.deleteMany({ namespace, filter }));
  }

  private indexDimension(): Promise<number> {
    this.dimension ??= this.stats().then(({ dimension }) => {
      if (!dimension) throw new Error('Pinecone did not report the index dimension');
      return dimension;
    });
    this.dimension.catch(() => (this.dimension = undefined));
    return this.dimension;
  }

  async stats(): Promise<{ dimension?: number; records?: number }> {
    const index = await this.index;
    const stats = await this.call.execute(() => index.describeIndexStats());
    return { dimension: stats.dimension, records: stats.totalRecordCount };
  }
}

function equalities(filter: MetadataFilter | undefined): Record<string, { $eq: string | number | boolean }> {
  return Object.fromEntries(Object.entries(filter ?? {}).map(([key, value]) => [key, { $eq: value }]));
}
