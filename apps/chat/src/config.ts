import { CommonEnvSchema, DatabaseEnvSchema, env, loadConfig } from '@eloquent/config';
import { z } from 'zod';

const share = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

/** The API versions the SDK (1.x) is known to work with; its own default first. */
const ANTHROPIC_API_VERSIONS = ['2026-10-21', '2023-06-01'] as const;

export const ChatConfigSchema = CommonEnvSchema.extend(DatabaseEnvSchema.shape)
  .extend({
    PORT: env.port(3001),
    DB_MIGRATE_ON_BOOT: env.bool(true),
    /**
     * Answers in progress plus bus requests one replica takes before it stops reading the bus.
     * An answer from Claude mostly waits on the provider, so this is higher than the other
     * services' fixed 256: at 500 concurrent chats, 256 queued the rest past BUS_TIMEOUT_MS
     * (docs/performance.md).
     */
    BUS_CONCURRENCY: env.positiveInt(1024),
    /** Unset = no LLM: answers come from the extractive generator (`retrieval-only`). */
    ANTHROPIC_API_KEY: z.string().optional(),
    /** Override for proxies and tests (a local server speaking the Messages API). */
    ANTHROPIC_BASE_URL: z.string().url().optional(),
    ANTHROPIC_MODEL: z.string().default('claude-sonnet-4-5'),
    ANTHROPIC_MAX_TOKENS: env.positiveInt(1024),
    /**
     * Sampling temperature, 0–1; unset = the model's default. API version 2026-10-21, which
     * the SDK sends by default, rejects temperature with a 400 even at its default value, so
     * setting it requires ANTHROPIC_API_VERSION=2023-06-01 (checked below, at boot).
     */
    ANTHROPIC_TEMPERATURE: z.coerce.number().min(0).max(1).optional(),
    /** The `anthropic-version` header sent with every request. */
    ANTHROPIC_API_VERSION: z.enum(ANTHROPIC_API_VERSIONS).default('2026-10-21'),
    /** Per attempt: Claude must have sent its first text token within this, or the attempt is retried. */
    ANTHROPIC_FIRST_TOKEN_TIMEOUT_MS: env.positiveInt(10_000),
    /** Whole answer, from the first attempt to the last token; past it the answer fails with UPSTREAM_TIMEOUT. */
    ANTHROPIC_TIMEOUT_MS: env.positiveInt(60_000),
    /** Retries of an attempt that failed transiently (429, 529, 5xx, connection) before its first token. */
    ANTHROPIC_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    ANTHROPIC_RETRY_MAX_DELAY_MS: env.positiveInt(2_000),
    /** Consecutive failed attempts that open the breaker (answers go retrieval-only without trying Claude). */
    ANTHROPIC_BREAKER_THRESHOLD: env.positiveInt(5),
    /** How long the breaker stays open before one trial answer goes to Claude again. */
    ANTHROPIC_BREAKER_HALF_OPEN_MS: env.positiveInt(30_000),
    /** Follow-up questions are rewritten into standalone search queries by Claude within this, else by a heuristic. */
    QUERY_REWRITE_TIMEOUT_MS: env.positiveInt(3_000),
    /** Passages fetched from retrieval: the relevance weights are computed over all of them, the best are packed. */
    RETRIEVAL_CANDIDATES: z.coerce.number().int().min(1).max(100).default(40),
    RETRIEVAL_TIMEOUT_MS: env.positiveInt(5_000),
    /** Most passages in the prompt, numbered [1]..[n]: the best article's and one of each other article first (context-packer.ts). */
    CONTEXT_MAX_SOURCES: env.positiveInt(16),
    /** Token budget of the packed passages. */
    CONTEXT_MAX_TOKENS: env.positiveInt(3_000),
    /** At most this many passages from one document. */
    CONTEXT_PER_DOCUMENT: env.positiveInt(5),
    /** Passages whose word sets overlap a kept one more than this (Jaccard) are dropped as near-duplicates. */
    CONTEXT_DUPLICATE_THRESHOLD: share(0.8),
    /**
     * Where an abstention sends the customer ("Please contact our support team at …"): an
     * email address, a phone number or a URL. Unset = "our support team" without an address.
     */
    SUPPORT_CONTACT: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\r\n]*$/, 'must be one line')
      .optional(),
    /** Greetings, thanks, goodbyes and asking for a person get a short reply of their own, not a search (small-talk/small-talk.ts): `on` or `off`. */
    SMALL_TALK: z.enum(['on', 'off']).default('on'),
    /** Synonym groups for the relevance measure (relevance/synonyms.ts); unset = none. */
    SYNONYMS_FILE: z.string().optional(),
    /** General-English synonyms for each question's words (relevance/wordnet.ts): `wordnet` (WordNet 3.1) or `off`. */
    GENERAL_SYNONYMS: z.enum(['wordnet', 'off']).default('wordnet'),
    /** How many earlier messages of the chat the generator may see. */
    HISTORY_MESSAGES: z.coerce.number().int().min(0).default(6),
    /** Token budget of that conversation history; older turns are dropped first. */
    HISTORY_MAX_TOKENS: env.positiveInt(1_200),
    /** An earlier answer longer than this is cut to its beginning in the history. */
    HISTORY_TURN_MAX_TOKENS: env.positiveInt(300),
    /** Tokens are appended to the answer stream in batches at most this often. */
    TOKEN_BATCH_MS: env.positiveInt(100),
    /** How long a finished answer stream stays replayable. */
    STREAM_TTL_S: env.positiveInt(3600),
    /**
     * How long an answer-stream write is retried across a Redis outage before the answer
     * ends failed; the last entry (done/error) gets STREAM_END_RETRY_MS (docs/failure-modes.md).
     */
    STREAM_WRITE_RETRY_MS: env.positiveInt(5_000),
    STREAM_END_RETRY_MS: env.positiveInt(30_000),
    /** How long a finished answer waits for an unreachable Postgres to store it before the client is told DATABASE_UNAVAILABLE. */
    ANSWER_STORE_WAIT_MS: env.positiveInt(5_000),
    /** The replica writing an answer refreshes its heartbeat this often; three missed ones make it orphaned. */
    ANSWER_HEARTBEAT_MS: env.positiveInt(2_000),
    /** How often each replica looks for answers orphaned by a replica that died. */
    ORPHAN_SWEEP_INTERVAL_MS: env.positiveInt(5_000),
  })
  .superRefine((config, ctx) => {
    if (config.ANTHROPIC_TEMPERATURE !== undefined && config.ANTHROPIC_API_VERSION !== '2023-06-01') {
      ctx.addIssue({
        code: 'custom',
        path: ['ANTHROPIC_TEMPERATURE'],
        message: `needs ANTHROPIC_API_VERSION=2023-06-01: API version ${config.ANTHROPIC_API_VERSION} rejects temperature`,
      });
    }
  });
export type ChatConfig = z.infer<typeof ChatConfigSchema>;

export const loadChatConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig('chat', ChatConfigSchema, source);
