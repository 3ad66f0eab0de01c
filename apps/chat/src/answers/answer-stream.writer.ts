import type { AnswerStreamEntry, Citation, DoneEvent, ErrorEvent } from '@eloquent/contracts';
import type Redis from 'ioredis';

export interface AnswerStreamWriterOptions {
  key: string;
  messageId: string;
  batchMs: number;
  batchMax: number;
  ttlSeconds: number;
}

/**
 * Appends one answer to its Redis Stream (DESIGN §2). Tokens are batched — one entry per
 * ~30 ms or ~20 pieces — because an event per token wastes CPU on every hop. Writes are
 * chained so entries land in order; the stream expires `ttlSeconds` after the end.
 */
export class AnswerStreamWriter {
  private pending: string[] = [];
  private timer?: NodeJS.Timeout;
  private seq = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private failure?: unknown;

  constructor(
    private readonly redis: Redis,
    private readonly options: AnswerStreamWriterOptions,
  ) {}

  token(text: string): void {
    if (!text) return;
    this.pending.push(text);
    // The first piece goes out at once: batching saves work on the rest of the answer, but
    // on the first token it would only add up to batchMs to the time the user waits.
    if (this.seq === 0 || this.pending.length >= this.options.batchMax) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.batchMs);
  }

  sources(sources: Citation[]): void {
    this.flush();
    this.append({ type: 'sources', messageId: this.options.messageId, sources });
  }

  async done(event: Omit<DoneEvent, 'messageId'>): Promise<void> {
    this.flush();
    this.append({ type: 'done', messageId: this.options.messageId, ...event });
    await this.finish();
  }

  async error(event: Omit<ErrorEvent, 'messageId'>): Promise<void> {
    this.flush();
    this.append({ type: 'error', messageId: this.options.messageId, ...event });
    await this.finish();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.append({ type: 'token', messageId: this.options.messageId, seq: this.seq++, text });
  }

  private append(entry: AnswerStreamEntry): void {
    this.chain = this.chain.then(() =>
      this.redis.xadd(this.options.key, 'MAXLEN', '~', 10_000, '*', 'e', JSON.stringify(entry)).catch((error: unknown) => {
        this.failure ??= error;
      }),
    );
  }

  /** Waits for every entry to be written, then starts the replay window's clock. */
  private async finish(): Promise<void> {
    await this.chain;
    await this.redis.expire(this.options.key, this.options.ttlSeconds);
    if (this.failure) throw this.failure;
  }
}
