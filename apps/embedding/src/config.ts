import { CommonEnvSchema, env, loadConfig } from '@eloquent/config';
import { z } from 'zod';

export const EmbeddingConfigSchema = CommonEnvSchema.extend({
  PORT: env.port(3003),
  /** The model new indexes are built with; a request may name another one it needs. */
  EMBEDDING_MODEL: z.string().optional(),
  DETERMINISTIC_DIMS: env.positiveInt(512),
  EMBEDDING_CACHE_TTL_S: env.positiveInt(7 * 24 * 3600),
});
export type EmbeddingConfig = z.infer<typeof EmbeddingConfigSchema>;

export const loadEmbeddingConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig('embedding', EmbeddingConfigSchema, source);
