import Anthropic from '@anthropic-ai/sdk';
import { ResilientCall, type BreakerState } from '@eloquent/resilience';
import type { ChatConfig } from '../config';
import type { AnswerGenerator } from './answer-generator';
import { ClaudeAnswerGenerator } from './claude/claude-answer-generator';
import { isTransientClaudeError } from './claude/claude-errors';
import { ClaudeQueryRewriter } from './claude/claude-query-rewriter';
import { buildAbstentionText } from './extractive/abstention';
import { ExtractiveAnswerGenerator, RETRIEVAL_ONLY_NOTICES } from './extractive/extractive-answer-generator';
import { HeuristicQueryRewriter } from './follow-up/follow-up';
import type { QueryRewriter } from './query-rewriter';

/** The generator to try first, the one that always works, and how follow-ups are rewritten. */
export interface Generators {
  primary: AnswerGenerator;
  fallback: AnswerGenerator;
  rewriter: QueryRewriter;
  /**
   * What every abstention says — the coverage decision's, the extractive generator's and
   * Claude's no-answer marker's — naming SUPPORT_CONTACT when it is set.
   */
  abstentionText: string;
  /** State of Claude's breaker; absent without a key. */
  breakerState?: () => BreakerState;
}

export const GENERATORS = Symbol('GENERATORS');

const RETRY_INITIAL_DELAY_MS = 200;

/** Claude when a key is configured; otherwise the extractive generator alone (retrieval-only mode). */
export function createGenerators(config: ChatConfig): Generators {
  const abstentionText = buildAbstentionText(config.SUPPORT_CONTACT);
  const heuristic = new HeuristicQueryRewriter();
  if (!config.ANTHROPIC_API_KEY) {
    const extractive = new ExtractiveAnswerGenerator(abstentionText, RETRIEVAL_ONLY_NOTICES.keyless);
    return { primary: extractive, fallback: extractive, rewriter: heuristic, abstentionText };
  }
  const fallback = new ExtractiveAnswerGenerator(abstentionText, RETRIEVAL_ONLY_NOTICES.fallback);
  const client = new Anthropic({
    apiKey: config.ANTHROPIC_API_KEY,
    ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
    // Until the response headers; retries are cockatiel's (below), never the SDK's.
    timeout: config.ANTHROPIC_FIRST_TOKEN_TIMEOUT_MS,
    maxRetries: 0,
    defaultHeaders: { 'anthropic-version': config.ANTHROPIC_API_VERSION },
  });
  const generation = new ResilientCall({
    name: 'anthropic.messages',
    timeoutMs: config.ANTHROPIC_FIRST_TOKEN_TIMEOUT_MS,
    retries: config.ANTHROPIC_RETRIES,
    initialDelayMs: RETRY_INITIAL_DELAY_MS,
    maxDelayMs: config.ANTHROPIC_RETRY_MAX_DELAY_MS,
    breakerThreshold: config.ANTHROPIC_BREAKER_THRESHOLD,
    halfOpenAfterMs: config.ANTHROPIC_BREAKER_HALF_OPEN_MS,
    isTransient: isTransientClaudeError,
  });
  const rewrite = new ResilientCall({
    name: 'anthropic.rewrite',
    timeoutMs: config.QUERY_REWRITE_TIMEOUT_MS,
    retries: 0,
    initialDelayMs: RETRY_INITIAL_DELAY_MS,
    maxDelayMs: config.ANTHROPIC_RETRY_MAX_DELAY_MS,
    breakerThreshold: config.ANTHROPIC_BREAKER_THRESHOLD,
    halfOpenAfterMs: config.ANTHROPIC_BREAKER_HALF_OPEN_MS,
    isTransient: isTransientClaudeError,
  });
  return {
    primary: new ClaudeAnswerGenerator(client, generation, {
      model: config.ANTHROPIC_MODEL,
      maxTokens: config.ANTHROPIC_MAX_TOKENS,
      temperature: config.ANTHROPIC_TEMPERATURE,
      totalTimeoutMs: config.ANTHROPIC_TIMEOUT_MS,
      abstentionText,
    }),
    fallback,
    rewriter: new ClaudeQueryRewriter(client, rewrite, config.ANTHROPIC_MODEL, heuristic),
    abstentionText,
    breakerState: () => generation.state,
  };
}
