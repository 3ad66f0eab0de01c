import { AppError, RELAY_WAKE_MAXLEN, RELAY_WAKE_TTL_MS, type AnswerStreamEntry, type Citation, type DoneEvent, type ErrorEvent } from '@eloquent/contracts';
import type Redis from 'ioredis';

export interface AnswerStreamWriterOptions {
  key: string;
  messageId: string;
  batchMs: number;
  ttlSeconds: number;
  /**
   * How long a write is retried across a Redis outage (reconnects included) before the
   * stream counts as lost. The last entry (`done`/`error`) gets `finalRetryMs`.
   */
  retryMs: number;
  finalRetryMs: number;
  /**
   * The wake stream of the gateway relay that follows the answer (relayWakeKey): the first
   * write appends the message id to it, in the same transaction or script, so the relay's
   * blocking read ends as the entries land; the end script's wake also carries the entries
   * (with their ids), which the relay delivers without reading the answer's stream — all of a
   * whole answer in one read (docs/performance.md §5, cut 22).
   */
  wakeKey?: string;
}

/** A stream write that did not succeed within its retry budget: entries after it were never written. */
export class AnswerStreamLostError extends AppError {
  constructor(cause: unknown) {
    super('SERVICE_UNAVAILABLE', `The answer stream could not be written (Redis unavailable: ${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

interface Pending {
  id: string;
  entry: AnswerStreamEntry;
}

/** XADD's reply when an entry with this id is already in the stream: a retried write that had succeeded. */
const ALREADY_WRITTEN = /equal or smaller than the target stream top item/;
/**
 * The end of an answer's stream (`sources` and `done`, or `error`, and whatever is still queued
 * before them), appended and given its TTL in one script: atomic like the MULTI/EXEC it
 * replaces (no reader sees part of it), sent as one EVALSHA instead of MULTI, an XADD per
 * entry, EXPIRE and EXEC (docs/performance.md §5). KEYS[1] the stream, KEYS[2] (if given) the
 * relay's wake stream; ARGV[1] the stream's TTL in seconds, ARGV[2] the message id for the
 * wake entry (which carries the entries too), then an id and an entry per entry, written as the field `e` as everywhere else. An
 * entry a retried call had already written is skipped (XADD refuses its id), as the
 * transaction's error for it was; any other error ends the script before the EXPIRE, and
 * takes its wake entry back (no relay delivers what the stream lacks). The wake goes first:
 * Redis 7.0 answers a read blocked on several streams with the first one written to, so a
 * relay whose read includes the answer's stream gets the wake (and so everything) rather
 * than the entries alone with the wake left for one more read.
 */
const APPEND_END = `
local woke
if KEYS[2] then
  woke = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ${RELAY_WAKE_MAXLEN}, '*', 'm', ARGV[2], unpack(ARGV, 3))
  redis.call('PEXPIRE', KEYS[2], ${RELAY_WAKE_TTL_MS})
end
for i = 3, #ARGV, 2 do
  local added = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', 10000, ARGV[i], 'e', ARGV[i + 1])
  if type(added) == 'table' and added.err and not string.find(added.err, 'equal or smaller than the target stream top item', 1, true) then
    if woke then redis.call('XDEL', KEYS[2], woke) end
    return added
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1`;

type WithAppendEnd = Redis & {
  eloquentAppendAnswerEnd(key: string, ttlSeconds: number, wakeId: string, ...idsAndEntries: string[]): Promise<number>;
  eloquentAppendAnswerEndAndWake(key: string, wakeKey: string, ttlSeconds: number, wakeId: string, ...idsAndEntries: string[]): Promise<number>;
};
const scriptDefined = new WeakSet<Redis>();

/** The client with APPEND_END as commands (with and without a wake key): EVALSHA, and EVAL when Redis does not know the script (after a restart). */
function withAppendEnd(redis: Redis): WithAppendEnd {
  if (!scriptDefined.has(redis)) {
    redis.defineCommand('eloquentAppendAnswerEnd', { numberOfKeys: 1, lua: APPEND_END });
    redis.defineCommand('eloquentAppendAnswerEndAndWake', { numberOfKeys: 2, lua: APPEND_END });
    scriptDefined.add(redis);
  }
  return redis as WithAppendEnd;
}

const FIRST_RETRY_DELAY_MS = 50;
const MAX_RETRY_DELAY_MS = 500;

/**
 * Appends one answer to its Redis Stream (docs/architecture.md §3). Tokens are
 * batched — one entry per TOKEN_BATCH_MS (100 ms) — because an entry per token costs a Redis write, a relay
 * read and a socket frame on every hop. The first batch is not held for the window: it goes
 * out as soon as the generator yields the event loop.
 *
 * A Redis outage must not leave a hole in the answer (docs/failure-modes.md). So:
 * - entries get explicit ids (`<start ms>-<n>`), and are written in order, one write at a
 *   time: tokens in one MULTI/EXEC (all of a batch or none of it), the end of the stream in
 *   one script (APPEND_END); a retried write whose first attempt had in
 *   fact succeeded is recognised by its id and not duplicated; an answer known whole at once
 *   is one script, at the end ({@link AnswerStreamWriter.writeWhole});
 * - a failed write is retried (with backoff, across ioredis' reconnects) for `retryMs`; what
 *   the generator produces meanwhile waits in memory behind it;
 * - past that the stream is *lost*: nothing more is appended but an `error` (so `done` can
 *   never follow a missing entry), and `flushed()`/`done()` throw {@link AnswerStreamLostError};
 * - nothing is ever appended after the terminal entry.
 */
export class AnswerStreamWriter {
  private tokens: string[] = [];
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;
  private seq = 0;
  private readonly idBase = Date.now();
  private nextId = 1;
  private queue: Pending[] = [];
  private writing?: Promise<void>;
  private lostBy?: unknown;
  private ended = false;
  /** The answer is written whole, at its end (see {@link writeWhole}). */
  private whole = false;
  /** The relay's wake entry is written (with the first write that succeeded). */
  private woken = false;

  constructor(
    private readonly redis: Redis,
    private readonly options: AnswerStreamWriterOptions,
  ) {}

  /** Whether an entry could not be written (the answer can no longer complete). */
  get lost(): boolean {
    return this.lostBy !== undefined;
  }

  /**
   * The answer is known whole at once (an extractive answer, an abstention: `whole` on its
   * GenerationStream): its tokens are not written as they come but with `sources` and `done`
   * (or `error`), in the one end script — one Redis write instead of a transaction and a
   * script, and one relay read (docs/performance.md §5, cut 20). Since `done` follows the
   * stored row, the first token then waits for it too. Nothing can be lost before the end, so
   * the end's budget (`finalRetryMs`) is the only one. No effect once anything was written.
   */
  writeWhole(): void {
    if (this.seq === 0 && this.tokens.length === 0 && this.queue.length === 0 && !this.writing) this.whole = true;
  }

  token(text: string): void {
    if (!text || this.ended || this.lost) return;
    this.tokens.push(text);
    if (this.whole) return;
    if (this.seq === 0) this.immediate ??= setImmediate(() => this.flushTokens());
    else this.timer ??= setTimeout(() => this.flushTokens(), this.options.batchMs);
  }

  /**
   * Queues the `sources` entry; it is written with the `done` or `error` that always follows
   * it, in one script (one Redis round trip and one relay read fewer per answer).
   */
  sources(sources: Citation[]): void {
    this.flushTokens();
    this.enqueue({ type: 'sources', messageId: this.options.messageId, sources }, false);
  }

  /** Resolves once everything appended so far is in the stream; throws if any of it was lost. */
  async flushed(): Promise<void> {
    if (this.whole) return; // nothing is written before the end
    this.flushTokens();
    await this.settle(this.options.retryMs);
    if (this.lost) throw new AnswerStreamLostError(this.lostBy);
  }

  /**
   * Ends the stream with `done`, unless an earlier entry was lost (then throws and appends
   * nothing). Writes already under way finish first; `done` then goes with what is still
   * queued (the `sources`), in one script.
   */
  async done(event: Omit<DoneEvent, 'messageId'>): Promise<void> {
    this.flushTokens();
    while (this.writing && !this.lost) await this.writing;
    if (this.lost) throw new AnswerStreamLostError(this.lostBy);
    this.enqueue({ type: 'done', messageId: this.options.messageId, ...event });
    await this.end();
    if (this.lost) throw new AnswerStreamLostError(this.lostBy);
  }

  /**
   * Ends the stream with `error`. Also after a lost write: what could not be written is
   * dropped, and the error gets its own (longer) retry budget, so a client that reconnects
   * once Redis is back is told how the answer ended.
   */
  async error(event: Omit<ErrorEvent, 'messageId'>): Promise<void> {
    if (this.ended) return;
    this.flushTokens();
    if (!this.whole) await this.settle(this.options.retryMs);
    if (this.lost) {
      this.queue = [];
      this.lostBy = undefined;
    }
    this.enqueue({ type: 'error', messageId: this.options.messageId, ...event });
    await this.end();
    if (this.lost) throw new AnswerStreamLostError(this.lostBy);
  }

  private async end(): Promise<void> {
    this.ended = true;
    await this.settle(this.options.finalRetryMs);
  }

  private flushTokens(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = this.immediate = undefined;
    if (this.tokens.length === 0) return;
    const text = this.tokens.join('');
    this.tokens = [];
    // A whole answer's tokens wait for the end script.
    this.enqueue({ type: 'token', messageId: this.options.messageId, seq: this.seq++, text }, !this.whole);
  }

  /** Queues an entry and, unless `write` is false (it waits for the next entry), starts writing. */
  private enqueue(entry: AnswerStreamEntry, write = true): void {
    if (this.lost || (this.ended && entry.type !== 'done' && entry.type !== 'error')) return;
    this.queue.push({ id: `${this.idBase}-${this.nextId++}`, entry });
    if (write) void this.drain(this.options.retryMs);
  }

  /** Resolves once the queue is written (or lost), including entries appended meanwhile. */
  private async settle(budgetMs: number): Promise<void> {
    while (!this.lost && (this.writing || this.queue.length > 0)) await this.drain(budgetMs);
  }

  /** Writes the queue in order, one write at a time; the one pump there is, or a new one. */
  private drain(budgetMs: number): Promise<void> {
    this.writing ??= this.pump(budgetMs).finally(() => {
      this.writing = undefined;
      // Appended after the pump's last look at the queue: a new pump takes them.
      if (this.queue.length > 0 && !this.lost) void this.drain(budgetMs);
    });
    return this.writing;
  }

  private async pump(budgetMs: number): Promise<void> {
    while (this.queue.length > 0 && !this.lost) {
      const batch = this.queue.splice(0);
      const final = batch.some((p) => p.entry.type === 'done' || p.entry.type === 'error');
      try {
        await this.writeWithRetry(batch, final ? this.options.finalRetryMs : budgetMs, final);
      } catch (error) {
        this.lostBy = error;
      }
    }
  }

  private async writeWithRetry(batch: Pending[], budgetMs: number, final: boolean): Promise<void> {
    const giveUpAt = Date.now() + budgetMs;
    for (let delay = FIRST_RETRY_DELAY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS)) {
      try {
        const writing = this.write(batch, final);
        return await (final ? withinBudget(writing, giveUpAt - Date.now()) : writing);
      } catch (error) {
        if (Date.now() + delay > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async write(batch: Pending[], final: boolean): Promise<void> {
    // The replay window's clock starts with the last entry, in the same script.
    const wakeKey = this.woken ? undefined : this.options.wakeKey;
    if (final) await this.appendEnd(batch, wakeKey);
    else {
      const tx = this.redis.multi();
      for (const { id, entry } of batch) tx.xadd(this.options.key, 'MAXLEN', '~', 10_000, id, 'e', JSON.stringify(entry));
      // The wake carries no entries here: a command of a transaction can fail alone, and the
      // relay must not deliver an entry the stream lacks; it reads the stream itself.
      if (wakeKey) tx.xadd(wakeKey, 'MAXLEN', '~', RELAY_WAKE_MAXLEN, '*', 'm', this.options.messageId).pexpire(wakeKey, RELAY_WAKE_TTL_MS);
      const results = await tx.exec();
      if (!results) throw new Error('answer stream transaction aborted');
      for (const [error] of results) if (error && !ALREADY_WRITTEN.test(error.message)) throw error;
    }
    this.woken = true;
  }

  private async appendEnd(batch: Pending[], wakeKey: string | undefined): Promise<void> {
    const idsAndEntries = batch.flatMap(({ id, entry }) => [id, JSON.stringify(entry)]);
    const { key, ttlSeconds, messageId } = this.options;
    const redis = withAppendEnd(this.redis);
    await (wakeKey
      ? redis.eloquentAppendAnswerEndAndWake(key, wakeKey, ttlSeconds, messageId, ...idsAndEntries)
      : redis.eloquentAppendAnswerEnd(key, ttlSeconds, '', ...idsAndEntries));
  }
}

/**
 * The end write, given up when its budget ends. A transaction in flight when the connection
 * drops is aborted by ioredis, but a lone command (the script) it had sent and got no answer
 * for is sent again once it has reconnected, however long that takes: without this the end of
 * an answer could wait for Redis forever. Given up, it may still land later: it is the last
 * entry, so nothing can follow it out of order.
 */
async function withinBudget(write: Promise<void>, remainingMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const givenUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('answer stream end unanswered within its retry budget')), Math.max(0, remainingMs));
  });
  write.catch(() => undefined);
  try {
    return await Promise.race([write, givenUp]);
  } finally {
    clearTimeout(timer);
  }
}
