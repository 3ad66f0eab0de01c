import Anthropic from '@anthropic-ai/sdk';
import type { ChatConfig } from '../config';
import type { AnswerGenerator } from './answer-generator';
import { ClaudeAnswerGenerator } from './claude/claude-answer-generator';
import { ExtractiveAnswerGenerator } from './extractive/extractive-answer-generator';

/** The generator to try first, and the one that always works. */
export interface Generators {
  primary: AnswerGenerator;
  fallback: AnswerGenerator;
}

export const GENERATORS = Symbol('GENERATORS');

/** Claude when a key is configured; otherwise the extractive generator alone (retrieval-only mode). */
export function createGenerators(config: ChatConfig): Generators {
  const fallback = new ExtractiveAnswerGenerator();
  if (!config.ANTHROPIC_API_KEY) return { primary: fallback, fallback };
  const client = new Anthropic({
    apiKey: config.ANTHROPIC_API_KEY,
    ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
    timeout: config.ANTHROPIC_TIMEOUT_MS,
    maxRetries: 2,
  });
  return {
    primary: new ClaudeAnswerGenerator(client, {
      model: config.ANTHROPIC_MODEL,
      maxTokens: config.ANTHROPIC_MAX_TOKENS,
      temperature: config.ANTHROPIC_TEMPERATURE,
    }),
    fallback,
  };
}
