import type { AnswerStreamEntry, Citation, DoneEvent, ErrorEvent } from '@eloquent/contracts';
import type Redis from 'ioredis';

export interface AnswerStreamWriterOptions {
  key: string;
  messageId: string;
  batchMs: number;
  ttlSeconds: number;
}

/**
 * Appends one answer to its Redis Stream (docs/architecture.md §3). Tokens are batched — one entry per
 * ~30 ms — because an entry per token costs a Redis write, a relay read and a socket frame
 * on every hop.
 *
 * The first batch is not held for the window: it goes out as soon as the generator yields
 * the event loop, with whatever it produced in that turn (for an extractive answer that is
 * the whole text; for Claude, the first SSE chunk). Entries are sent without waiting for
 * each other: one connection keeps them in order, and auto-pipelining puts those of one
 * turn in one write. The stream expires `ttlSeconds` after the end.
 */
export class AnswerStreamWriter {
  private pending: string[] = [];
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;
  private seq = 0;
  private readonly writes: Array<Promise<unknown>> = [];
  private failure?: unknown;

  constructor(
    private readonly redis: Redis,
    private readonly options: AnswerStreamWriterOptions,
  ) {}

  token(text: string): void {
    if (!text) return;
    this.pending.push(text);
    if (this.seq === 0) this.immediate ??= setImmediate(() => this.flush());
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
    clearImmediate(this.immediate);
    this.timer = this.immediate = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.append({ type: 'token', messageId: this.options.messageId, seq: this.seq++, text });
  }

  private append(entry: AnswerStreamEntry): void {
    this.track(this.redis.xadd(this.options.key, 'MAXLEN', '~', 10_000, '*', 'e', JSON.stringify(entry)));
  }

  private track(write: Promise<unknown>): void {
    this.writes.push(
      write.catch((error: unknown) => {
        this.failure ??= error;
      }),
    );
  }

  /** Starts the replay window's clock (in the same write as the last entry), then waits for every write. */
  private async finish(): Promise<void> {
    this.track(this.redis.expire(this.options.key, this.options.ttlSeconds));
    await Promise.all(this.writes);
    if (this.failure) throw this.failure;
  }
}
