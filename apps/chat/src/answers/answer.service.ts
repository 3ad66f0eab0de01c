import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@eloquent/config';
import { AppError, answerStreamKey, relayWakeKey, type AnswerMode, type ErrorCode, type SmallTalkKind } from '@eloquent/contracts';
import { outcomeOf } from '@eloquent/observability';
import { createRedis, REDIS, REDIS_PREFIX } from '@eloquent/redis';
import { isDatabaseUnavailable, retryWhileDatabaseUnavailable } from '@eloquent/runtime';
import { estimateTokens } from '@eloquent/text';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { CitationFilter } from '../citations/citation-filter';
import { answers } from '../coverage-decision/coverage-decision';
import { pickedSuggestion, suggestArticles } from '../coverage-decision/suggested-articles';
import type { ChatConfig } from '../config';
import type { AnswerGenerator, GenerationInput, GenerationStream, TokenUsage } from '../generation/answer-generator';
import { streamAbstention } from '../generation/extractive/abstention';
import { streamWords } from '../generation/extractive/word-stream';
import { GENERATORS, type Generators } from '../generation/generators';
import { AnswerContextBuilder, type ContextRequest } from './answer-context.builder';
import {
  abstentionsTotal,
  abstentionsWithSuggestions,
  answerOutputTokens,
  answerSeconds,
  answersTotal,
  answerTokens,
  firstTokenSeconds,
  generationFallbacks,
  smallTalkReplies,
  suggestionsPicked,
} from './answer-metrics';
import { answerAliveKey, answerDeadlineMs } from './answer-deadline';
import { AnswerStreamLostError, AnswerStreamWriter } from './answer-stream.writer';
import { citationsFor } from '../citations/citations';
import { smallTalkReply } from '../small-talk/small-talk';
import { MessageStore, type FinishedAnswer } from './message-store';

export interface AnswerJob extends ContextRequest {
  /** The assistant message being written. */
  messageId: string;
  /** The gateway relay that follows the answer (`chat.send`'s `relay`): the first write wakes it. */
  relay?: string;
}

/** Why an answer's AbortController fired. */
const STOPPED = 'stopped';
const SHUTDOWN = 'shutdown';

/** How long shutdown waits for answers it aborted to store their state. */
const ABORTED_SETTLE_MS = 2_000;

/** How long the drain waits, once nothing runs, for an answer a request still being handled may start. */
const DRAIN_SETTLE_MS = 300;

/** What has been written so far; kept outside the generator so a failure still stores it. */
interface Draft {
  text: string;
  cited: number[];
  mode: AnswerMode;
  usage?: TokenUsage;
  /** The answer is the abstention (the coverage decision, or the generator's own: GenerationStream.abstained). */
  abstained: boolean;
  sources: GenerationInput['sources'];
  /** performance.now() when the question reached chat. */
  started: number;
  /** The message was small talk and gets its own reply (small-talk/small-talk.ts); counted apart from answers. */
  smallTalk?: SmallTalkKind;
}

interface Running {
  abort: AbortController;
  task: Promise<void>;
}

/** Storing an answer's final state did not succeed within ANSWER_STORE_WAIT_MS: Postgres is unreachable. */
class AnswerNotStoredError extends AppError {
  constructor() {
    super('DATABASE_UNAVAILABLE', 'The answer could not be saved: the database is unavailable');
  }
}

/**
 * Writes answers: context (history, follow-up rewrite, retrieval, packing) → generate
 * (Claude, or extractive when Claude is unavailable before its first token) → Redis Stream
 * → Postgres. Whatever happens, the message ends `complete`, `failed` (with a code) or
 * `cancelled`, and the stream ends with `done` or `error`.
 *
 * Chat runs as several replicas behind a competing-consumer bus, so `chat.stop` may land
 * on a replica that is not writing the answer: stops are broadcast on a Redis pub/sub
 * channel and the replica that holds the answer aborts it.
 */
@Injectable()
export class AnswerService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(AnswerService.name);
  private readonly running = new Map<string, Running>();
  private readonly stopChannel: string;
  private readonly messages: MessageStore;
  private readonly deadlineMs: number;
  private subscriber?: Redis;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    dataSource: DataSource,
    private readonly context: AnswerContextBuilder,
    @Inject(GENERATORS) private readonly generators: Generators,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: ChatConfig,
  ) {
    this.stopChannel = `${prefix}chat:stop`;
    this.messages = new MessageStore(dataSource);
    this.deadlineMs = answerDeadlineMs(config);
  }

  /** Answers this replica is writing (the bus reads no more requests while it is busy). */
  get inProgress(): number {
    return this.running.size;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = createRedis(this.config.REDIS_URL, 'chat-stop-subscriber', { maxRetriesPerRequest: null });
    this.subscriber.on('message', (_channel: string, messageId: string) => this.running.get(messageId)?.abort.abort(STOPPED));
    await this.subscriber.subscribe(this.stopChannel);
    // Heartbeats: the orphaned-answer sweeper ends an answer whose writer stopped sending them.
    this.heartbeat = setInterval(() => this.beat([...this.running.keys()]), this.config.ANSWER_HEARTBEAT_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
  }

  private beat(messageIds: string[]): void {
    for (const id of messageIds) {
      this.redis
        .set(answerAliveKey(this.prefix, id), '1', 'PX', this.config.ANSWER_HEARTBEAT_MS * 3)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'answer heartbeat failed'));
    }
  }

  /** See AnswerContextBuilder.startSearch. */
  startSearch(question: string, newChat: boolean): AnswerJob['search'] {
    return this.context.startSearch(question, newChat);
  }

  start(job: AnswerJob): void {
    const abort = new AbortController();
    const deadline = Date.now() + this.deadlineMs;
    const task = this.run(job, abort.signal, deadline).finally(() => this.running.delete(job.messageId));
    // No heartbeat here: the interval's beat covers the answer within ANSWER_HEARTBEAT_MS, and
    // the sweeper looks at no answer younger than three of them (OrphanedAnswerSweeper), so a
    // first SET would only be paid by every answer — most keyless ones end long before the
    // next beat (docs/performance.md §5, cut 21).
    this.running.set(job.messageId, { abort, task });
  }

  /** Stops the answer wherever it is being written (this replica or another). */
  async stop(messageId: string): Promise<void> {
    const local = this.running.get(messageId);
    this.logger.debug({ messageId, local: local !== undefined }, 'stop requested');
    if (local) local.abort.abort(STOPPED);
    else await this.redis.publish(this.stopChannel, messageId);
  }

  /**
   * SIGTERM: the bus has stopped reading requests (start-service.ts); answers in progress
   * are finished (up to the grace period), not cut — including those started during the
   * drain by requests read just before it. Those still running after it are aborted and
   * stored `failed` (SERVICE_UNAVAILABLE), so no message is left `streaming` by a replica
   * that is gone.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const graceEnds = Date.now() + this.config.SHUTDOWN_GRACE_MS;
    const settled = () => Promise.allSettled([...this.running.values()].map((r) => r.task));
    // Until nothing has been running for a moment: a chat.send read before the bus stopped may still start one.
    while (Date.now() < graceEnds) {
      if (this.running.size === 0) {
        await delay(Math.min(DRAIN_SETTLE_MS, graceEnds - Date.now()));
        if (this.running.size === 0) break;
      }
      await Promise.race([settled(), delay(graceEnds - Date.now())]);
    }
    if (this.running.size > 0) {
      for (const { abort } of this.running.values()) abort.abort(SHUTDOWN);
      await Promise.race([settled(), delay(ABORTED_SETTLE_MS)]);
    }
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  private async run(job: AnswerJob, signal: AbortSignal, deadline: number): Promise<void> {
    const started = performance.now();
    const writer = new AnswerStreamWriter(this.redis, {
      key: answerStreamKey(this.prefix, job.messageId),
      messageId: job.messageId,
      batchMs: this.config.TOKEN_BATCH_MS,
      ttlSeconds: this.config.STREAM_TTL_S,
      retryMs: this.config.STREAM_WRITE_RETRY_MS,
      finalRetryMs: this.config.STREAM_END_RETRY_MS,
      ...(job.relay ? { wakeKey: relayWakeKey(this.prefix, job.relay) } : {}),
    });
    const draft: Draft = { text: '', cited: [], mode: this.generators.primary.mode, abstained: false, sources: [], started };
    const onFirstToken = () => {
      if (!draft.smallTalk) firstTokenSeconds.observe({ mode: draft.mode }, (performance.now() - started) / 1000);
    };
    const t: Record<string, number> = {};
    const mark = (name: string) => (t[name] = Math.round(performance.now() - started));
    try {
      const input = await untilAborted(this.context.build(job), signal);
      mark('context');
      draft.sources = input.sources;
      draft.smallTalk = input.smallTalk;
      await this.generate(input, writer, signal, draft, () => (onFirstToken(), mark('firstToken')));
      mark('generated');
      if (signal.aborted) throw signal.reason;
      // Complete only if every token reached the stream: never `done` after a lost write.
      await writer.flushed();
      const citations = citationsFor(draft.cited, draft.sources);
      const usage = this.usageOf(draft);
      const { abstained } = draft;
      // Worked out only for an abstention: nothing is added to an answer's path.
      const suggestedArticles = abstained ? suggestArticles(input.coverage, input.candidates, input.relevance) : [];
      const stored = await this.store(
        job.messageId,
        {
          status: 'complete',
          content: draft.text,
          citations,
          mode: draft.mode,
          usage: usage ?? null,
          abstained,
          suggestedArticles,
          smallTalk: draft.smallTalk,
        },
        deadline,
      );
      if (!stored) return this.endedElsewhere(job);
      try {
        writer.sources(citations);
        await writer.done({
          mode: draft.mode,
          ...(usage ? { usage } : {}),
          ...(abstained ? { abstained } : {}),
          ...(suggestedArticles.length > 0 ? { suggestedArticles } : {}),
          ...(draft.smallTalk ? { smallTalk: draft.smallTalk } : {}),
        });
      } catch (streamError) {
        // Stored complete; Redis stayed down past STREAM_END_RETRY_MS (docs/failure-modes.md).
        this.logger.error({ err: streamError, messageId: job.messageId }, 'answer stored complete, but its stream end could not be written');
      }
      mark('done');
      this.logger.debug({ messageId: job.messageId, ms: t }, 'answer complete');
      this.count(draft, 'complete', usage);
      if (suggestedArticles.length > 0) abstentionsWithSuggestions.inc({ mode: draft.mode });
    } catch (error) {
      await this.end(job, writer, draft, signal, error, deadline);
    } finally {
      // Once the answer has ended, however it ended: nothing is added to its path.
      this.recordPick(job, draft.mode);
      if (draft.smallTalk === 'dissatisfied') this.recordUnhelpful(job);
    }
  }

  /**
   * When the question asks a title the answer before it suggested, records the pick on that
   * answer and counts it (docs/chat.md, "Suggested articles", Picks). Not awaited by the answer,
   * and a failure is only logged: a lost pick costs a data point, never an answer.
   */
  private recordPick(job: AnswerJob, mode: AnswerMode): void {
    const previous = job.earlier.at(-1);
    const picked = pickedSuggestion(job.question, previous);
    if (!picked || !previous?.id) return;
    this.messages.recordPick(previous.id, picked.documentId).then(
      (recorded) => {
        if (recorded) suggestionsPicked.inc({ mode });
      },
      (error: unknown) => this.logger.warn({ err: error, messageId: previous.id }, 'could not record the suggested article picked'),
    );
  }

  /**
   * Marks the answer before a message saying it did not help ("that didn't answer my question")
   * for the `unhelpful` review list (docs/chat.md, "Reviewing answers"). Not awaited, and a
   * failure is only logged, as with a pick.
   */
  private recordUnhelpful(job: AnswerJob): void {
    const previous = job.earlier.at(-1);
    if (previous?.role !== 'assistant' || !previous.id) return;
    this.messages
      .recordUnhelpful(previous.id)
      .catch((error: unknown) => this.logger.warn({ err: error, messageId: previous.id }, 'could not record that the answer did not help'));
  }

  /**
   * Stores an answer's final state, waiting out a short database outage (ANSWER_STORE_WAIT_MS);
   * false when the answer had already ended (e.g. swept as orphaned). Throws
   * {@link AnswerNotStoredError} when the database stayed unreachable.
   */
  private async store(messageId: string, answer: FinishedAnswer, deadline: number): Promise<boolean> {
    const waitMs = Math.min(this.config.ANSWER_STORE_WAIT_MS, Math.max(0, deadline - Date.now()));
    try {
      return await retryWhileDatabaseUnavailable(() => this.messages.finish(messageId, answer), waitMs);
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw new AnswerNotStoredError();
      throw error;
    }
  }

  /**
   * The failed state of an answer whose client was already told: retried while the database
   * is unreachable, until the answer's deadline, so the text is kept once the database is back.
   */
  private async storeFailed(messageId: string, answer: FinishedAnswer, deadline: number): Promise<void> {
    try {
      await retryWhileDatabaseUnavailable(() => this.messages.finish(messageId, answer), Math.max(0, deadline - Date.now()));
    } catch (error) {
      this.logger.error({ err: error, messageId }, 'could not store the failed answer');
    }
  }

  private endedElsewhere(job: AnswerJob): void {
    this.logger.warn({ messageId: job.messageId }, 'the answer had already ended (swept as orphaned); nothing more is written');
  }

  /** Stores and streams how an answer that did not complete ended: cancelled, or failed with a code. */
  private async end(job: AnswerJob, writer: AnswerStreamWriter, draft: Draft, signal: AbortSignal, error: unknown, deadline: number): Promise<void> {
    const citations = citationsFor(draft.cited, draft.sources);
    const usage = this.usageOf(draft);
    const partial = { content: draft.text, citations, mode: draft.mode, usage: usage ?? null };
    let cause = error;
    try {
      if (signal.aborted && signal.reason === STOPPED && !writer.lost) {
        try {
          await writer.flushed();
          if (!(await this.store(job.messageId, { status: 'cancelled', ...partial }, deadline))) return this.endedElsewhere(job);
          writer.sources(citations);
          await writer.done({ mode: draft.mode, ...(usage ? { usage } : {}), cancelled: true });
          this.count(draft, 'cancelled', usage);
          return;
        } catch (stopError) {
          if (!(stopError instanceof AnswerNotStoredError) && !(stopError instanceof AnswerStreamLostError)) throw stopError;
          cause = stopError;
        }
      }
      const { code, message } = describeFailure(cause, signal);
      this.logger.error({ err: cause, messageId: job.messageId, code, partialChars: draft.text.length }, 'answer failed');
      if (citations.length > 0 && !writer.lost) writer.sources(citations);
      // The client is told at once; the row follows as soon as the database takes it.
      const streamed = writer.error({ code, message });
      streamed.catch(() => undefined); // awaited below, after the row
      await this.storeFailed(job.messageId, { status: 'failed', errorCode: code, ...partial }, deadline);
      await streamed;
      this.count(draft, 'failed', usage);
    } catch (streamError) {
      this.logger.error({ err: streamError, messageId: job.messageId }, 'could not end the answer stream');
    }
  }

  /** Streams from the primary generator; falls back to the extractive one if it fails before anything reached the user. */
  private async generate(input: GenerationInput, writer: AnswerStreamWriter, signal: AbortSignal, draft: Draft, onFirstToken: () => void): Promise<void> {
    const { primary, fallback } = this.generators;
    try {
      await this.stream(primary, input, writer, signal, draft, onFirstToken);
    } catch (error) {
      if (primary === fallback || draft.text !== '' || signal.aborted) throw error;
      this.logger.warn({ err: error }, `${primary.mode} generator failed before its first token; answering retrieval-only`);
      generationFallbacks.inc({ code: outcomeOf(error) });
      await this.stream(fallback, input, writer, signal, draft, onFirstToken);
    }
  }

  private async stream(
    generator: AnswerGenerator,
    input: GenerationInput,
    writer: AnswerStreamWriter,
    signal: AbortSignal,
    draft: Draft,
    onFirstToken: () => void,
  ): Promise<void> {
    const filter = new CitationFilter(new Set(input.sources.map((s) => s.n)));
    draft.mode = generator.mode;
    const generation = this.replyTo(input, generator, signal);
    // A ready answer goes to the stream in one write with its end (AnswerStreamWriter.writeWhole).
    if (generation.whole) writer.writeWhole();
    const emit = (generated: string) => {
      // Postgres text cannot hold NUL: never streamed, so the stream and the row agree.
      const piece = generated.replace(NUL, '');
      if (!piece) return;
      if (draft.text === '') onFirstToken();
      draft.text += piece;
      writer.token(piece);
    };
    try {
      for await (const piece of generation) emit(filter.push(piece));
      emit(filter.end());
    } finally {
      draft.cited = filter.cited;
      draft.usage = generation.usage();
      draft.abstained = generation.abstained?.() === true;
    }
  }

  /**
   * Small talk gets its own reply; otherwise the coverage decision (made with the context) says
   * whether this kind of generator answers at all, and the other answer is the abstention.
   */
  private replyTo(input: GenerationInput, generator: AnswerGenerator, signal: AbortSignal): GenerationStream {
    if (input.smallTalk) return streamWords(smallTalkReply(input.smallTalk, this.config.SUPPORT_CONTACT), signal);
    return answers(input.coverage, generator.mode) ? generator.generate(input, signal) : streamAbstention(this.generators.abstentionText, signal);
  }

  /**
   * Usage as the provider reported it. An LLM answer cut before `message_delta` has no
   * output count yet; it is estimated from the text, since those tokens were produced.
   */
  private usageOf(draft: Draft): TokenUsage | undefined {
    if (!draft.usage) return undefined;
    if (draft.usage.outputTokens === 0 && draft.text) return { ...draft.usage, outputTokens: estimateTokens(draft.text) };
    return draft.usage;
  }

  private count(draft: Draft, outcome: 'complete' | 'failed' | 'cancelled', usage?: TokenUsage): void {
    if (draft.smallTalk && outcome !== 'failed') {
      if (outcome === 'complete') smallTalkReplies.inc({ kind: draft.smallTalk });
      return;
    }
    answersTotal.inc({ mode: draft.mode, outcome });
    if (outcome === 'complete' && draft.abstained) abstentionsTotal.inc({ mode: draft.mode });
    answerSeconds.observe({ mode: draft.mode, outcome }, (performance.now() - draft.started) / 1000);
    if (usage) {
      answerOutputTokens.observe({ outcome }, usage.outputTokens);
      answerTokens.inc({ direction: 'input' }, usage.inputTokens);
      answerTokens.inc({ direction: 'output' }, usage.outputTokens);
    }
  }
}

const NUL = /\u0000/g;

function describeFailure(error: unknown, signal: AbortSignal): { code: ErrorCode; message: string } {
  if (signal.aborted && signal.reason === SHUTDOWN) return { code: 'SERVICE_UNAVAILABLE', message: 'The answer was interrupted because the service restarted' };
  if (isDatabaseUnavailable(error)) return { code: 'DATABASE_UNAVAILABLE', message: 'The answer could not be saved: the database is unavailable' };
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'GENERATION_FAILED', message: 'The answer was interrupted before it was complete' };
}

/** Rejects with the abort reason as soon as `signal` aborts (retrieval and the bus cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
