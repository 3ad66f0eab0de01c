import type { EmbeddingKind, EmbeddingTier } from '../providers/embedding-provider';
import type { Embedded } from './tier-router';

export interface EmbeddedText {
  vector: Float32Array;
  tier: EmbeddingTier;
}

export interface MicroBatcherOptions {
  /** Longest a text waits for company while the tier is idle. */
  waitMs: number;
  maxBatch: number;
  maxBatchTokens?: number;
  /** Provider calls allowed at once; texts arriving meanwhile queue up into the next batch. */
  maxInFlight: () => number;
  run: (texts: string[], kind: EmbeddingKind) => Promise<Embedded>;
}

interface Job {
  text: string;
  kind: EmbeddingKind;
  tokens: number;
  resolve(result: EmbeddedText): void;
  reject(error: unknown): void;
}

/**
 * Coalesces the texts of concurrent requests for one model into provider-sized calls.
 * At most `maxInFlight()` calls run at once; texts arriving meanwhile queue up and leave
 * together as soon as a call returns. A batch also leaves when it is full; when the tier
 * is idle, at the end of the current event-loop turn; when it is busy but below its
 * limit, once the first text has waited `waitMs`. A batch holds one kind (queries and passages may be
 * embedded differently) and respects the provider's batch and token limits.
 */
export class MicroBatcher {
  private readonly queue: Job[] = [];
  private inFlight = 0;
  /** Cancels the scheduled flush, if any. */
  private pending?: () => void;

  constructor(private readonly options: MicroBatcherOptions) {}

  submit(text: string, kind: EmbeddingKind, tokens: number): Promise<EmbeddedText> {
    return new Promise((resolve, reject) => {
      this.queue.push({ text, kind, tokens, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.queue.length >= this.options.maxBatch) this.flush();
    else if (this.queue.length && !this.pending && this.inFlight < this.options.maxInFlight()) {
      // Idle: only texts arriving in this turn of the event loop join, so a lone request
      // pays no wait. Busy: more texts are on their way; wait for them a little.
      if (this.inFlight === 0) {
        const immediate = setImmediate(() => this.flush());
        this.pending = () => clearImmediate(immediate);
      } else {
        const timer = setTimeout(() => this.flush(), this.options.waitMs);
        this.pending = () => clearTimeout(timer);
      }
    }
  }

  private flush(): void {
    this.pending?.();
    this.pending = undefined;
    while (this.queue.length && this.inFlight < this.options.maxInFlight()) this.start(this.take());
  }

  /** The oldest job and the next ones of its kind that fit the batch and token limits. */
  private take(): Job[] {
    const { maxBatch, maxBatchTokens = Infinity } = this.options;
    const kind = this.queue[0].kind;
    const batch: Job[] = [];
    let tokens = 0;
    for (let i = 0; i < this.queue.length && batch.length < maxBatch;) {
      const job = this.queue[i];
      if (job.kind === kind && (batch.length === 0 || tokens + job.tokens <= maxBatchTokens)) {
        batch.push(job);
        tokens += job.tokens;
        this.queue.splice(i, 1);
      } else i++;
    }
    return batch;
  }

  private start(batch: Job[]): void {
    this.inFlight++;
    this.options
      .run(
        batch.map((job) => job.text),
        batch[0].kind,
      )
      .then(
        ({ vectors, tier }) => batch.forEach((job, i) => job.resolve({ vector: vectors[i], tier })),
        (error: unknown) => batch.forEach((job) => job.reject(error)),
      )
      .finally(() => {
        this.inFlight--;
        this.flush();
      });
  }
}
