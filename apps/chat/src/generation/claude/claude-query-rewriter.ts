import type Anthropic from '@anthropic-ai/sdk';
import { Logger } from '@nestjs/common';
import { MAX_QUERY_CHARS } from '@eloquent/contracts';
import type { ResilientCall } from '@eloquent/resilience';
import type { ConversationTurn } from '../answer-generator';
import type { QueryRewriter } from '../query-rewriter';
import { buildRewriteMessages, REWRITE_SYSTEM_PROMPT } from './prompt';

/** A standalone query is a short line; this caps what a runaway reply can cost. */
const MAX_REWRITE_TOKENS = 100;

/**
 * Rewrites follow-ups with Claude (one short, non-streaming call behind its own timeout
 * and breaker); whenever that fails or says nothing, the heuristic answers instead, so a
 * rewrite never fails or delays an answer by more than its timeout.
 */
export class ClaudeQueryRewriter implements QueryRewriter {
  private readonly logger = new Logger(ClaudeQueryRewriter.name);

  constructor(
    private readonly client: Anthropic,
    private readonly call: ResilientCall,
    private readonly model: string,
    private readonly fallback: QueryRewriter,
  ) {}

  async rewrite(question: string, history: ConversationTurn[]): Promise<string> {
    try {
      const message = await this.call.execute((signal) =>
        this.client.messages.create(
          { model: this.model, max_tokens: MAX_REWRITE_TOKENS, system: REWRITE_SYSTEM_PROMPT, messages: buildRewriteMessages(question, history) },
          { signal },
        ),
      );
      const text = message.content
        .flatMap((block) => (block.type === 'text' ? [block.text] : []))
        .join('')
        .trim()
        .split('\n')[0]
        .trim();
      if (text) return text.slice(0, MAX_QUERY_CHARS);
    } catch (error) {
      this.logger.warn({ err: error }, 'follow-up rewrite by Claude failed; using the heuristic');
    }
    return this.fallback.rewrite(question, history);
  }
}
