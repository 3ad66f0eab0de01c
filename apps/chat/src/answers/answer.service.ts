import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { APP_CONFIG } from '@eloquent/config';
import { AppError, answerStreamKey, type ErrorCode } from '@eloquent/contracts';
import { REDIS, REDIS_PREFIX } from '@eloquent/redis';
import type Redis from 'ioredis';
import { DataSource, LessThan } from 'typeorm';
import { CitationFilter } from '../citations/citation-filter';
import type { ChatConfig } from '../config';
import { MessageEntity } from '../conversations/message.entity';
import type { AnswerGenerator, ContextSource, ConversationTurn, GenerationInput, TokenUsage } from '../generation/answer-generator';
import { GENERATORS, type Generators } from '../generation/generators';
import { AnswerStreamWriter } from './answer-stream.writer';
import { citationsFor } from './citations';
import { packContext } from './context-packer';

export interface AnswerJob {
  chatId: string;
  /** The assistant message being written. */
  messageId: string;
  question: string;
  /** The user's message: history is everything before it. */
  beforeMessageId: string;
}

interface Written {
  text: string;
  cited: number[];
  mode: AnswerGenerator['mode'];
  usage?: TokenUsage;
}

/**
 * Writes one answer: retrieve → pack context → generate (Claude, or extractive when
 * Claude is unavailable before its first token) → stream through Redis → persist.
 * Whatever fails, the message ends `complete` or `failed` with a code, and the stream
 * ends with `done` or `error`.
 */
@Injectable()
export class AnswerService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AnswerService.name);
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: BusClient,
    @Inject(GENERATORS) private readonly generators: Generators,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: ChatConfig,
  ) {}

  start(job: AnswerJob): void {
    const task = this.run(job).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** SIGTERM: answers already streaming are finished (up to the grace period), not cut. */
  async beforeApplicationShutdown(): Promise<void> {
    const grace = new Promise((resolve) => setTimeout(resolve, this.config.SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
  }

  private async run(job: AnswerJob): Promise<void> {
    const messages = this.dataSource.getRepository(MessageEntity);
    const writer = new AnswerStreamWriter(this.redis, {
      key: answerStreamKey(this.prefix, job.messageId),
      messageId: job.messageId,
      batchMs: this.config.TOKEN_BATCH_MS,
      batchMax: this.config.TOKEN_BATCH_MAX,
      ttlSeconds: this.config.STREAM_TTL_S,
    });
    const abort = new AbortController();
    try {
      await messages.update({ id: job.messageId }, { status: 'streaming' });
      const [history, sources] = await Promise.all([this.history(job), this.retrieve(job.question)]);
      const written = await this.write({ question: job.question, sources, history }, writer, abort.signal);
      const citations = citationsFor(written.cited, sources);
      writer.sources(citations);
      await writer.done({ mode: written.mode, ...(written.usage ? { usage: written.usage } : {}) });
      await messages.update({ id: job.messageId }, { status: 'complete', content: written.text, citations, mode: written.mode, usage: written.usage ?? null });
    } catch (error) {
      abort.abort();
      const code: ErrorCode = error instanceof AppError ? error.code : 'GENERATION_FAILED';
      const message = error instanceof AppError ? error.message : 'The answer could not be generated';
      this.logger.error({ err: error, messageId: job.messageId }, 'answer failed');
      await writer.error({ code, message }).catch(() => undefined);
      await messages.update({ id: job.messageId }, { status: 'failed', errorCode: code }).catch(() => undefined);
    }
  }

  private async retrieve(question: string): Promise<ContextSource[]> {
    try {
      const result = await this.bus.request(
        'retrieval.search',
        { query: question, topK: this.config.RETRIEVAL_TOP_K },
        { timeoutMs: this.config.RETRIEVAL_TIMEOUT_MS },
      );
      return packContext(result.chunks);
    } catch (error) {
      throw new AppError('RETRIEVAL_FAILED', `The knowledge base could not be searched: ${error instanceof Error ? error.message : error}`);
    }
  }

  private async history(job: AnswerJob): Promise<ConversationTurn[]> {
    if (this.config.HISTORY_MESSAGES === 0) return [];
    const before = await this.dataSource.getRepository(MessageEntity).findOneByOrFail({ id: job.beforeMessageId });
    const earlier = await this.dataSource.getRepository(MessageEntity).find({
      where: { chatId: job.chatId, status: 'complete', createdAt: LessThan(before.createdAt) },
      order: { createdAt: 'DESC' },
      take: this.config.HISTORY_MESSAGES,
    });
    return earlier.reverse().map((m) => ({ role: m.role, content: m.content }));
  }

  /** Streams from the primary generator; falls back to the extractive one if it fails before its first token. */
  private async write(input: GenerationInput, writer: AnswerStreamWriter, signal: AbortSignal): Promise<Written> {
    const { primary, fallback } = this.generators;
    const emitted = { any: false };
    try {
      return await this.stream(primary, input, writer, signal, emitted);
    } catch (error) {
      if (primary === fallback || emitted.any) throw error;
      this.logger.warn({ err: error }, `${primary.mode} generator failed before its first token; answering retrieval-only`);
      return this.stream(fallback, input, writer, signal, emitted);
    }
  }

  private async stream(
    generator: AnswerGenerator,
    input: GenerationInput,
    writer: AnswerStreamWriter,
    signal: AbortSignal,
    emitted: { any: boolean },
  ): Promise<Written> {
    const filter = new CitationFilter(new Set(input.sources.map((s) => s.n)));
    const generation = generator.generate(input, signal);
    let text = '';
    const emit = (piece: string) => {
      if (!piece) return;
      emitted.any = true;
      text += piece;
      writer.token(piece);
    };
    for await (const piece of generation) emit(filter.push(piece));
    emit(filter.end());
    return { text, cited: filter.cited, mode: generator.mode, usage: generation.usage() };
  }
}
