import { CommonEnvSchema, DatabaseEnvSchema, env, loadConfig } from '@eloquent/config';
import { z } from 'zod';

export const ChatConfigSchema = CommonEnvSchema.extend(DatabaseEnvSchema.shape).extend({
  PORT: env.port(3001),
  DB_MIGRATE_ON_BOOT: env.bool(true),
  /** Unset = no LLM: answers come from the extractive generator (`retrieval-only`). */
  ANTHROPIC_API_KEY: z.string().optional(),
  /** Override for proxies and tests (a local server speaking the Messages API). */
  ANTHROPIC_BASE_URL: z.string().url().optional(),
  ANTHROPIC_MODEL: z.string().default('claude-sonnet-4-5'),
  ANTHROPIC_MAX_TOKENS: env.positiveInt(1024),
  ANTHROPIC_TEMPERATURE: z.coerce.number().min(0).max(1).default(0.2),
  ANTHROPIC_TIMEOUT_MS: env.positiveInt(60_000),
  RETRIEVAL_TOP_K: env.positiveInt(8),
  RETRIEVAL_TIMEOUT_MS: env.positiveInt(5_000),
  /** How many earlier messages of the chat the generator sees. */
  HISTORY_MESSAGES: z.coerce.number().int().min(0).default(6),
  /** Tokens are appended to the answer stream in batches at most this often. */
  TOKEN_BATCH_MS: env.positiveInt(30),
  TOKEN_BATCH_MAX: env.positiveInt(20),
  /** How long a finished answer stream stays replayable. */
  STREAM_TTL_S: env.positiveInt(3600),
});
export type ChatConfig = z.infer<typeof ChatConfigSchema>;

export const loadChatConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig('chat', ChatConfigSchema, source);
