import { CommonEnvSchema, DatabaseEnvSchema, env, loadConfig } from '@eloquent/config';
import { z } from 'zod';

export const RetrievalConfigSchema = CommonEnvSchema.extend(DatabaseEnvSchema.shape).extend({
  PORT: env.port(3002),
  DB_MIGRATE_ON_BOOT: env.bool(true),
  BM25_K1: env.number(1.2),
  BM25_B: env.number(0.75),
  BM25_TITLE_WEIGHT: env.number(2),
  BM25_HEADING_WEIGHT: env.number(1.5),
  CHUNK_MAX_TOKENS: env.positiveInt(300),
  CHUNK_OVERLAP_TOKENS: z.coerce.number().int().min(0).default(40),
  FUSION: z.enum(['rrf', 'weighted']).default('rrf'),
  RRF_K: env.positiveInt(60),
  /** Weight of the vector leg in fusion; BM25 gets 1 - this. */
  VECTOR_WEIGHT: z.coerce.number().min(0).max(1).default(0.5),
  /** How often each replica polls the document change log. */
  INDEX_POLL_MS: env.positiveInt(250),
  QUERY_EMBED_TIMEOUT_MS: env.positiveInt(2_000),
  INGEST_EMBED_TIMEOUT_MS: env.positiveInt(30_000),
  /** Folder of markdown articles loaded into the `default` namespace when it is empty; unset = none. */
  SEED_DIR: z.string().optional(),
});
export type RetrievalConfig = z.infer<typeof RetrievalConfigSchema>;

export const loadRetrievalConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig('retrieval', RetrievalConfigSchema, source);
