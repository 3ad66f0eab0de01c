import { CommonEnvSchema, DatabaseEnvSchema, env, loadConfig } from '@eloquent/config';
import { z } from 'zod';
import type { Bm25Options } from './index/bm25-weights';

/** VECTOR_BACKEND's values (vector-backends/backends.ts maps each to its folder). */
export const VECTOR_BACKEND_NAMES = ['memory', 'pinecone'] as const;
export type VectorBackendName = (typeof VECTOR_BACKEND_NAMES)[number];

/** The backends that hold a keyword leg too (VectorBackend.fusesKeywords): the ones INDEX_MODE=stateless can use. */
export const VECTOR_BACKENDS_FUSING_KEYWORDS: readonly VectorBackendName[] = ['pinecone'];

// Defaults of the ranking settings are the best measured on the SciFact train split with
// the keyless (deterministic) embedder; see docs/retrieval.md.
export const RetrievalConfigSchema = CommonEnvSchema.extend(DatabaseEnvSchema.shape)
  .extend({
    PORT: env.port(3002),
    DB_MIGRATE_ON_BOOT: env.bool(true),
    BM25_K1: env.number(0.9),
    BM25_B: env.number(0.4),
    BM25_TITLE_WEIGHT: env.number(3),
    BM25_HEADING_WEIGHT: env.number(1.5),
    CHUNK_MAX_TOKENS: env.positiveInt(512),
    CHUNK_OVERLAP_TOKENS: z.coerce.number().int().min(0).default(64),
    FUSION: z.enum(['rrf', 'weighted']).default('weighted'),
    /**
     * Misspelt query words (not English, in no chunk) read as the index's term one edit away
     * (docs/retrieval.md, "Spelling correction"); `on` reads WordNet's word lists at boot (6.5 MB).
     */
    SPELLING_CORRECTION: z.enum(['on', 'off']).default('on'),
    RRF_K: env.positiveInt(60),
    /** Weight of the vector leg in fusion; BM25 gets 1 - this. */
    VECTOR_WEIGHT: z.coerce.number().min(0).max(1).default(0.1),
    /** Candidates each leg contributes to fusion (at least topK). Fixed, so the top 10 do not depend on topK. */
    FUSION_DEPTH: env.positiveInt(100),
    /** Vectors per namespace above which the exact scan is replaced by an HNSW graph (hnswlib); 0 = never. */
    VECTOR_HNSW_THRESHOLD: z.coerce.number().int().min(0).default(5_000),
    HNSW_M: env.positiveInt(16),
    HNSW_EF_CONSTRUCTION: env.positiveInt(100),
    HNSW_EF_SEARCH: env.positiveInt(200),
    /** How the HNSW graph stores vectors (usearch): f16 halves f32's memory at no measured recall cost; i8 quarters it. */
    VECTOR_QUANTIZATION: z.enum(['f32', 'f16', 'i8']).default('f16'),
    /** Folder for index snapshots: a replica boots from the newest and catches up from its change seq; unset = rebuild from Postgres. */
    INDEX_SNAPSHOT_DIR: z.string().min(1).optional(),
    /** How often a replica writes a new snapshot when its index has changed (and once after boot); 0 = only after boot. */
    INDEX_SNAPSHOT_INTERVAL_S: z.coerce.number().int().min(0).default(900),
    /** How long a search result stays in the Redis cache (any write to the namespace invalidates it sooner); 0 = no cache. */
    SEARCH_CACHE_TTL_S: z.coerce.number().int().min(0).default(300),
    /**
     * `on`: Postgres notifies every replica of each committed change-log write (LISTEN/NOTIFY on
     * a connection of its own), which wakes the index follower at once; the log is then polled
     * only every INDEX_FALLBACK_POLL_MS. `off` (poolers that cannot hold a LISTEN, e.g. PgBouncer
     * in transaction mode): poll every INDEX_POLL_MS. docs/retrieval.md, "The index on every replica".
     */
    INDEX_NOTIFY: z.enum(['on', 'off']).default('on'),
    /** How often each replica polls the change log when INDEX_NOTIFY=off. */
    INDEX_POLL_MS: env.positiveInt(250),
    /** How often each replica polls the change log anyway when INDEX_NOTIFY=on (the bound should a notification go missing). */
    INDEX_FALLBACK_POLL_MS: env.positiveInt(5_000),
    /**
     * `on`: when the index's model is the deterministic hashed embedding, queries are embedded in
     * this process with the same pure function, without a bus round trip (docs/retrieval.md,
     * "Query embedding"); `off`: always ask the embedding service.
     */
    LOCAL_QUERY_EMBEDDING: z.enum(['on', 'off']).default('on'),
    QUERY_EMBED_TIMEOUT_MS: env.positiveInt(2_000),
    /** Consecutive failed query embeddings that open the breaker: queries then go BM25-only without waiting. */
    QUERY_EMBED_BREAKER_THRESHOLD: env.positiveInt(3),
    /** How long that breaker stays open before one query tries the embedding service again. */
    QUERY_EMBED_BREAKER_HALF_OPEN_MS: env.positiveInt(10_000),
    INGEST_EMBED_TIMEOUT_MS: env.positiveInt(30_000),
    /** Ingestion jobs one replica runs at once (BullMQ worker concurrency). */
    INGEST_CONCURRENCY: env.positiveInt(2),
    /** Documents chunked, embedded and written together (one embedding request, one transaction). */
    INGEST_BATCH_DOCS: env.positiveInt(64),
    /** Attempts per job; documents that failed transiently are retried on the next attempt. */
    INGEST_ATTEMPTS: env.positiveInt(5),
    /** Backoff before the second attempt; doubles each attempt, with jitter, up to INGEST_RETRY_MAX_DELAY_MS. */
    INGEST_RETRY_DELAY_MS: env.positiveInt(1_000),
    INGEST_RETRY_MAX_DELAY_MS: env.positiveInt(60_000),
    /** How long finished jobs stay queryable (`GET /v1/ingest-jobs/:id`). */
    INGEST_JOB_RETENTION_S: env.positiveInt(7 * 24 * 3600),
    /** How often a replica compares the embedding service's default model with the index's (re-embedding); 0 = never. */
    REEMBED_CHECK_MS: z.coerce.number().int().min(0).default(30_000),
    /** Chunks embedded per request by the re-embedding job. */
    REEMBED_BATCH: env.positiveInt(256),
    /** Folder of markdown articles loaded into the `default` namespace when it is empty; unset = none. */
    SEED_DIR: z.string().optional(),
    /** Where vectors live: in this service's memory, or in Pinecone (dense + BM25 sparse). */
    VECTOR_BACKEND: z.enum(VECTOR_BACKEND_NAMES).default('memory'),
    /**
     * Where the keyword index and per-chunk state live: `memory` (every replica holds BM25, and
     * with the memory backend the vectors, following the change log) or `stateless` (the vector
     * backend holds the dense and the keyword leg; replicas hold nothing per chunk). Stateless
     * needs a backend that fuses keywords (VECTOR_BACKEND=pinecone). docs/retrieval.md, "Modes".
     */
    INDEX_MODE: z.enum(['memory', 'stateless']).default('memory'),
    PINECONE_API_KEY: z.string().min(1).optional(),
    /** The Pinecone index (its host is looked up once); or give PINECONE_HOST directly. */
    PINECONE_INDEX: z.string().min(1).optional(),
    PINECONE_HOST: z.string().min(1).optional(),
    /** Control-plane URL override (tests, private deployments). */
    PINECONE_CONTROLLER_HOST: z.string().url().optional(),
    PINECONE_TIMEOUT_MS: env.positiveInt(5_000),
    /** Records per Pinecone upsert while following the change log. */
    PINECONE_BATCH: env.positiveInt(100),
  })
  .superRefine((config, ctx) => {
    if (config.CHUNK_OVERLAP_TOKENS >= config.CHUNK_MAX_TOKENS) {
      ctx.addIssue({ code: 'custom', path: ['CHUNK_OVERLAP_TOKENS'], message: 'must be less than CHUNK_MAX_TOKENS' });
    }
    if (config.INDEX_MODE === 'stateless' && !VECTOR_BACKENDS_FUSING_KEYWORDS.includes(config.VECTOR_BACKEND)) {
      ctx.addIssue({
        code: 'custom',
        path: ['INDEX_MODE'],
        message: `stateless needs a vector backend that holds the keyword leg too (VECTOR_BACKEND=${VECTOR_BACKENDS_FUSING_KEYWORDS.join(' or ')}), not ${config.VECTOR_BACKEND}`,
      });
    }
    if (config.VECTOR_BACKEND === 'pinecone' && !config.PINECONE_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['PINECONE_API_KEY'], message: 'is required when VECTOR_BACKEND=pinecone' });
    }
    if (config.VECTOR_BACKEND === 'pinecone' && !config.PINECONE_INDEX && !config.PINECONE_HOST) {
      ctx.addIssue({ code: 'custom', path: ['PINECONE_INDEX'], message: 'PINECONE_INDEX or PINECONE_HOST is required when VECTOR_BACKEND=pinecone' });
    }
  });
export type RetrievalConfig = z.infer<typeof RetrievalConfigSchema>;

/** BM25's settings, as every keyword leg (in memory, or sparse vectors in an external index) applies them. */
export function bm25Options(config: RetrievalConfig): Bm25Options {
  return {
    k1: config.BM25_K1,
    b: config.BM25_B,
    fieldWeights: { title: config.BM25_TITLE_WEIGHT, heading: config.BM25_HEADING_WEIGHT, body: 1 },
  };
}

/** How often the change log is polled (IndexFollower, PineconeSync): rarely when notifications wake the followers. */
export function changeLogPollMs(config: RetrievalConfig): number {
  return config.INDEX_NOTIFY === 'on' ? config.INDEX_FALLBACK_POLL_MS : config.INDEX_POLL_MS;
}

export const loadRetrievalConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig('retrieval', RetrievalConfigSchema, source);
