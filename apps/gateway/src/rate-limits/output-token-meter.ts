import { Injectable, Logger } from '@nestjs/common';
import { AnswerRelay } from '../answers/answer-relay';
import { RateLimiter } from './rate-limiter';

/** An answer that has not ended after this long is no longer followed (its chat replica died). */
const MAX_FOLLOW_MS = 15 * 60_000;

/**
 * Charges each answer's output tokens (the `done` event's usage) to the asker's daily LLM
 * allowance. It follows the answer stream itself, not the socket: leaving before the end
 * does not make an answer free.
 */
@Injectable()
export class OutputTokenMeter {
  private readonly logger = new Logger(OutputTokenMeter.name);

  constructor(
    private readonly relay: AnswerRelay,
    private readonly limiter: RateLimiter,
  ) {}

  /** `writerWakes`: see AnswerRelay.follow. */
  track(userId: string, messageId: string, writerWakes = false): void {
    const giveUp = setTimeout(() => stop(), MAX_FOLLOW_MS).unref();
    const stop = this.relay.follow(
      messageId,
      (entry) => {
        if (entry.type !== 'done' && entry.type !== 'error') return;
        clearTimeout(giveUp);
        const tokens = entry.type === 'done' ? (entry.usage?.outputTokens ?? 0) : 0;
        if (tokens > 0) {
          this.limiter
            .chargeOutputTokens(userId, tokens)
            .catch((error: unknown) => this.logger.warn({ err: error, userId, tokens }, 'could not charge output tokens'));
        }
      },
      '0',
      writerWakes,
    );
  }
}
