import { z } from 'zod';
import { metadataRecord, storableText } from './safe-text';

export const DEFAULT_NAMESPACE = 'default';
export const MAX_QUERY_CHARS = 2000;

const Namespace = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'namespace must be 1-64 chars of a-z, 0-9, _ or -');

export const SearchModeSchema = z.enum(['hybrid', 'bm25', 'vector']);
export type SearchMode = z.infer<typeof SearchModeSchema>;
export type SearchLeg = 'bm25' | 'vector';

export const SearchRequestSchema = z.strictObject({
  query: storableText(z.string()).trim().min(1, 'query must not be empty').max(MAX_QUERY_CHARS, `query is longer than ${MAX_QUERY_CHARS} characters`),
  topK: z.number().int().min(1, 'topK must be at least 1').max(100, 'topK must be at most 100').default(8),
  namespace: Namespace.default(DEFAULT_NAMESPACE),
  /** Metadata equality filter: every key must match. */
  filter: metadataRecord().optional(),
  mode: SearchModeSchema.default('hybrid'),
});
export type SearchRequest = z.input<typeof SearchRequestSchema>;

export interface SearchHit {
  chunkId: string;
  documentId: string;
  /** The caller's id for the document (e.g. the file name or BEIR `_id`). */
  externalId: string;
  title: string;
  url?: string;
  headingPath: string[];
  text: string;
  score: number;
  scores: Partial<Record<SearchLeg, number>>;
}

/** How common one analyzed query term is in the searched index. */
export interface QueryTermStats {
  /** The analyzed term (a stem, as retrieval's analyzer makes it). */
  term: string;
  /** Chunks of the namespace containing it; 0 = the knowledge base never uses the word. */
  chunks: number;
  /**
   * The query's own terms (as analyzed) that the namespace never uses and that were read as
   * this term, misspelt words corrected (docs/retrieval.md, "Spelling correction"): "chnage"
   * → `chang`. Absent when none (and from older responses).
   */
  misspelt?: string[];
}

export interface SearchResponse {
  chunks: SearchHit[];
  legs: SearchLeg[];
  /**
   * The query's distinct analyzed terms with their chunk frequency in the namespace, and its
   * chunk count: evidence of whether the knowledge base speaks about the question at all
   * (chat's coverage decision). Absent from older responses.
   */
  queryTerms?: QueryTermStats[];
  indexedChunks?: number;
  /** Why a leg that was asked for did not run (e.g. the embedding service was unavailable). */
  degraded?: string;
  timingsMs: Record<string, number>;
}

export const DocumentInputSchema = z.strictObject({
  externalId: storableText(z.string()).min(1).max(512),
  title: storableText(z.string()).trim().min(1).max(500),
  url: storableText(z.string()).url().max(2000).optional(),
  text: storableText(z.string()).min(1).max(2_000_000),
  metadata: metadataRecord().default({}),
});
export type DocumentInput = z.input<typeof DocumentInputSchema>;

export const IngestRequestSchema = z.strictObject({
  namespace: Namespace.default(DEFAULT_NAMESPACE),
  documents: z.array(DocumentInputSchema).min(1).max(1000),
});
export type IngestRequest = z.input<typeof IngestRequestSchema>;

export type IngestOutcome = 'created' | 'updated' | 'unchanged' | 'failed';
export interface IngestResponse {
  results: Array<{ externalId: string; outcome: IngestOutcome; chunks?: number; error?: string }>;
}

export const DeleteDocumentRequestSchema = z.strictObject({
  namespace: Namespace.default(DEFAULT_NAMESPACE),
  externalId: storableText(z.string()).min(1).max(512),
});
export type DeleteDocumentRequest = z.input<typeof DeleteDocumentRequestSchema>;

export const StatsRequestSchema = z.strictObject({ namespace: Namespace.optional() });
export interface StatsResponse {
  documents: number;
  chunks: number;
  /** Embedding model the vector leg is bound to, if any vectors exist. */
  model?: string;
  /** The model a re-embedding job is building the index's new vectors with. */
  targetModel?: string;
  /** Where the vector leg runs: an exact scan, an HNSW graph (or one being built), or Pinecone. */
  vectorIndex?: 'exact' | 'building-hnsw' | 'hnsw' | 'pinecone';
  indexVersion: number;
}

// ---------------------------------------------------------------------------------------
// Ingestion jobs, document listing (retrieval.enqueue, retrieval.job, retrieval.list)
// ---------------------------------------------------------------------------------------

/** `retrieval.enqueue`: the same documents as `retrieval.ingest`, answered with a job id at once. */
export const EnqueueRequestSchema = IngestRequestSchema;
export type EnqueueRequest = IngestRequest;
export interface EnqueueResponse {
  jobId: string;
}

export const IngestJobRequestSchema = z.strictObject({ jobId: z.string().min(1).max(200) });
export type IngestJobRequest = z.input<typeof IngestJobRequestSchema>;

/**
 * `queued` (waiting for a worker), `active`, `retrying` (some documents failed transiently
 * and wait for the next attempt), `completed` (every document ended: check `counts.failed`),
 * or `failed` (the job itself could not run, see `error`).
 */
export type IngestJobState = 'queued' | 'active' | 'retrying' | 'completed' | 'failed';

export interface IngestJobView {
  jobId: string;
  namespace: string;
  state: IngestJobState;
  total: number;
  /** Documents that reached an outcome so far. */
  processed: number;
  counts: { created: number; updated: number; unchanged: number; failed: number };
  /** Documents that ended `failed`, with the reason. */
  errors: Array<{ externalId: string; error: string }>;
  /** Attempts the job has started (documents failing transiently are retried on the next one). */
  attempts: number;
  error?: string;
  createdAt: string;
  finishedAt?: string;
}

export const ListDocumentsRequestSchema = z.strictObject({
  namespace: Namespace.default(DEFAULT_NAMESPACE),
  limit: z.coerce.number().int().min(1, 'limit must be at least 1').max(100, 'limit must be at most 100').default(20),
  /** `nextCursor` of the previous page. */
  cursor: storableText(z.string()).min(1).max(512).optional(),
});
export type ListDocumentsRequest = z.input<typeof ListDocumentsRequestSchema>;

export interface DocumentSummary {
  namespace: string;
  externalId: string;
  title: string;
  url?: string;
  metadata: Record<string, string | number | boolean>;
  chunks: number;
  updatedAt: string;
}

export interface ListDocumentsResponse {
  /** Ordered by externalId. */
  documents: DocumentSummary[];
  nextCursor?: string;
}
