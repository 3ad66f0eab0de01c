import { CommonEnvSchema, env, loadConfig } from '@eloquent/config';
import { z } from 'zod';
import { modelFolderProblem } from './providers/local/model-folder';
import { OPENAI_MODELS } from './providers/openai/openai-models';
import { PINECONE_MODELS } from './providers/pinecone/pinecone-models';

const optionalPositiveInt = z.coerce.number().int().positive().optional();

/**
 * A key or a model source switches a tier on: PINECONE_API_KEY → Pinecone Inference,
 * OPENAI_API_KEY → OpenAI, LOCAL_EMBEDDING_MODEL_DIR (or an allowed Hub model) → local
 * ONNX. The deterministic tier is always on, so a keyless installation works.
 */
export const EmbeddingConfigSchema = CommonEnvSchema.extend({
  PORT: env.port(3003),
  /** The model new indexes are built with; default: the first active tier's (Pinecone, OpenAI, local, deterministic). */
  EMBEDDING_MODEL: z.string().optional(),
  DETERMINISTIC_DIMS: env.positiveInt(512),
  EMBEDDING_CACHE_TTL_S: env.positiveInt(7 * 24 * 3600),
  /** Longest a text waits for others to share a provider call while its tier is busy (idle: none); 0 turns micro-batching off. */
  EMBEDDING_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(100).default(3),

  /** Resilience of the API tiers (per attempt timeout, retries on 429/5xx/resets, breaker). */
  EMBEDDING_API_TIMEOUT_MS: env.positiveInt(10_000),
  EMBEDDING_API_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  EMBEDDING_RETRY_BASE_MS: env.positiveInt(200),
  /** Also caps how long a Retry-After is honoured before the call fails over. */
  EMBEDDING_RETRY_MAX_DELAY_MS: env.positiveInt(5_000),
  EMBEDDING_BREAKER_THRESHOLD: env.positiveInt(5),
  EMBEDDING_BREAKER_HALF_OPEN_MS: env.positiveInt(30_000),
  /** Per call of the in-process tiers (a CPU batch on a slow machine). */
  EMBEDDING_LOCAL_TIMEOUT_MS: env.positiveInt(60_000),

  PINECONE_API_KEY: z.string().optional(),
  PINECONE_CONTROLLER_HOST: z.string().url().optional(),
  PINECONE_EMBEDDING_MODEL: z.string().default('multilingual-e5-large'),
  PINECONE_EMBEDDING_DIMS: optionalPositiveInt,

  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  OPENAI_EMBEDDING_DIMENSIONS: optionalPositiveInt,

  LOCAL_EMBEDDING_MODEL_DIR: z.string().optional(),
  LOCAL_EMBEDDING_HUB_MODEL: z.string().optional(),
  LOCAL_EMBEDDING_ALLOW_REMOTE: env.bool(false),
  LOCAL_EMBEDDING_HUB_URL: z.string().url().optional(),
  LOCAL_EMBEDDING_CACHE_DIR: z.string().optional(),
  /** The local tier's vector-space id; default the folder name (or Hub id). */
  LOCAL_EMBEDDING_MODEL: z.string().optional(),
  LOCAL_EMBEDDING_PRESET: z.enum(['auto', 'minilm', 'bge', 'e5']).default('auto'),
  LOCAL_EMBEDDING_POOLING: z.enum(['mean', 'cls']).optional(),
  LOCAL_EMBEDDING_QUERY_PREFIX: z.string().optional(),
  LOCAL_EMBEDDING_PASSAGE_PREFIX: z.string().optional(),
  LOCAL_EMBEDDING_DTYPE: z.enum(['fp32', 'q8']).default('fp32'),
  LOCAL_EMBEDDING_MAX_BATCH: env.positiveInt(32),
}).superRefine((config, ctx) => {
  const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });

  if (config.LOCAL_EMBEDDING_MODEL_DIR && config.LOCAL_EMBEDDING_HUB_MODEL) {
    problem('LOCAL_EMBEDDING_HUB_MODEL', 'set either LOCAL_EMBEDDING_MODEL_DIR or LOCAL_EMBEDDING_HUB_MODEL, not both');
  }
  if (config.LOCAL_EMBEDDING_MODEL_DIR) {
    const missing = modelFolderProblem(config.LOCAL_EMBEDDING_MODEL_DIR, config.LOCAL_EMBEDDING_DTYPE);
    if (missing) problem('LOCAL_EMBEDDING_MODEL_DIR', `${missing} (expected config.json, tokenizer.json and onnx/ as on the Hugging Face Hub)`);
  }
  if (config.LOCAL_EMBEDDING_HUB_MODEL && !config.LOCAL_EMBEDDING_ALLOW_REMOTE) {
    problem('LOCAL_EMBEDDING_HUB_MODEL', 'downloads from the Hugging Face Hub, which is off unless LOCAL_EMBEDDING_ALLOW_REMOTE=true');
  }

  if (config.PINECONE_API_KEY) {
    const spec = PINECONE_MODELS[config.PINECONE_EMBEDDING_MODEL];
    const dims = config.PINECONE_EMBEDDING_DIMS;
    if (!spec && dims === undefined)
      problem('PINECONE_EMBEDDING_DIMS', `required for Pinecone model ${config.PINECONE_EMBEDDING_MODEL}, whose dimension is not known here`);
    if (spec && dims !== undefined && !(spec.supportedDims ?? [spec.dims]).includes(dims)) {
      problem(
        'PINECONE_EMBEDDING_DIMS',
        `${config.PINECONE_EMBEDDING_MODEL} produces ${(spec.supportedDims ?? [spec.dims]).join(', ')} dimensions, not ${dims}`,
      );
    }
  }

  if (config.OPENAI_API_KEY) {
    const spec = OPENAI_MODELS[config.OPENAI_EMBEDDING_MODEL];
    const dims = config.OPENAI_EMBEDDING_DIMENSIONS;
    if (!spec && dims === undefined)
      problem('OPENAI_EMBEDDING_DIMENSIONS', `required for OpenAI model ${config.OPENAI_EMBEDDING_MODEL}, whose dimension is not known here`);
    if (spec && dims !== undefined && (dims > spec.dims || (!spec.shortenable && dims !== spec.dims))) {
      problem(
        'OPENAI_EMBEDDING_DIMENSIONS',
        `${config.OPENAI_EMBEDDING_MODEL} cannot produce ${dims} dimensions (native ${spec.dims}${spec.shortenable ? ', or fewer' : ''})`,
      );
    }
  }
});
export type EmbeddingConfig = z.infer<typeof EmbeddingConfigSchema>;

export const loadEmbeddingConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig('embedding', EmbeddingConfigSchema, source);
