import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { AppError } from '@eloquent/contracts';
import type { ResilientCall } from '@eloquent/resilience';
import type { AnswerGenerator, GenerationInput, GenerationStream, TokenUsage } from '../answer-generator';
import { EmptyAnswerError, GenerationAbortedError, StreamInterruptedError } from './claude-errors';
import { screenNoAnswer } from './no-answer-marker';
import { buildMessages, SYSTEM_PROMPT } from './prompt';

export interface ClaudeOptions {
  model: string;
  maxTokens: number;
  /** Only with API version 2023-06-01 (see ANTHROPIC_TEMPERATURE). */
  temperature?: number;
  /** Whole answer, all attempts included. */
  totalTimeoutMs: number;
  /** The answer when Claude writes the no-answer marker (Generators.abstentionText). */
  abstentionText: string;
}

/**
 * `temperature` left the SDK's types with API version 2026-10-21; version 2023-06-01 still
 * takes it, and the SDK sends body fields as given.
 */
type StreamingParams = MessageCreateParamsStreaming & { temperature?: number };

/** A stream that has produced its first text token, with the rest still to read. */
interface OpenedStream {
  first: string;
  events: AsyncIterator<RawMessageStreamEvent>;
  controller: AbortController;
}

/**
 * Streams an answer from Claude (Messages API) through the official SDK. Opening the
 * stream — up to and including the first text token — runs inside `call` (cockatiel:
 * first-token timeout per attempt, retries of transient failures, breaker), so a retry
 * can only happen before anything reached the user. After the first token there is no
 * retry: a failure ends the answer with an error (the caller stores it `failed`).
 *
 * Whether to answer at all was decided before (coverage-decision/coverage-decision.ts): it is called
 * only with passages. Claude may still find that they do not answer the question; it then
 * writes the no-answer marker, and the answer is the abstention text (no-answer-marker.ts).
 */
export class ClaudeAnswerGenerator implements AnswerGenerator {
  readonly mode = 'llm' as const;

  constructor(
    private readonly client: Anthropic,
    private readonly call: ResilientCall,
    private readonly options: ClaudeOptions,
  ) {}

  generate(input: GenerationInput, signal: AbortSignal): GenerationStream {
    const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    let reported = false;
    const onUsage = (event: RawMessageStreamEvent) => {
      if (event.type === 'message_start') usage.inputTokens = event.message.usage.input_tokens;
      else if (event.type === 'message_delta') usage.outputTokens = event.usage.output_tokens;
      else return;
      reported = true;
    };
    let abstained = false;
    return {
      usage: () => (reported ? { ...usage } : undefined),
      abstained: () => abstained,
      [Symbol.asyncIterator]: () => screenNoAnswer(this.stream(input, signal, onUsage), this.options.abstentionText, () => (abstained = true)),
    };
  }

  private async *stream(input: GenerationInput, signal: AbortSignal, onUsage: (event: RawMessageStreamEvent) => void): AsyncGenerator<string> {
    const deadline = AbortSignal.timeout(this.options.totalTimeoutMs);
    const abort = AbortSignal.any([signal, deadline]);
    let opened: OpenedStream | undefined;
    const cancel = () => opened?.controller.abort();
    abort.addEventListener('abort', cancel);
    try {
      opened = await untilAborted(
        this.call.execute((attempt) => this.open(input, abort, attempt, onUsage)),
        abort,
      );
      if (abort.aborted) cancel();
      else yield opened.first;
      let stopped = false;
      for (;;) {
        const { value: event, done } = await opened.events.next();
        if (done) break;
        onUsage(event);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta' && event.delta.text) yield event.delta.text;
        else if (event.type === 'message_stop') stopped = true;
      }
      // The SDK ends the iteration quietly when the request is aborted.
      if (!stopped && !abort.aborted) throw new StreamInterruptedError('Claude stream ended before message_stop');
    } catch (error) {
      if (!abort.aborted) throw error;
    } finally {
      abort.removeEventListener('abort', cancel);
      opened?.controller.abort();
    }
    if (signal.aborted) return;
    if (deadline.aborted) throw new AppError('UPSTREAM_TIMEOUT', `Claude did not finish the answer within ${this.options.totalTimeoutMs} ms`);
  }

  /** One attempt: sends the request and reads until the first text token. */
  private async open(input: GenerationInput, abort: AbortSignal, attempt: AbortSignal, onUsage: (event: RawMessageStreamEvent) => void): Promise<OpenedStream> {
    if (abort.aborted) throw new GenerationAbortedError('answer stopped');
    const controller = new AbortController();
    const cancel = () => controller.abort();
    abort.addEventListener('abort', cancel);
    // The attempt's signal fires on the first-token timeout, and again when this attempt
    // returns: it must reach the request only until the first token.
    attempt.addEventListener('abort', cancel);
    try {
      const params: StreamingParams = {
        model: this.options.model,
        max_tokens: this.options.maxTokens,
        ...(this.options.temperature !== undefined ? { temperature: this.options.temperature } : {}),
        system: SYSTEM_PROMPT,
        messages: buildMessages(input),
        stream: true,
      };
      const stream = await this.client.messages.create(params, { signal: controller.signal });
      const events = stream[Symbol.asyncIterator]();
      for (;;) {
        const { value: event, done } = await events.next();
        if (abort.aborted) throw new GenerationAbortedError('answer stopped');
        if (done) throw new StreamInterruptedError('Claude stream ended before its first token');
        onUsage(event);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta' && event.delta.text) {
          return { first: event.delta.text, events, controller };
        }
        if (event.type === 'message_stop') throw new EmptyAnswerError('Claude finished without any text');
      }
    } catch (error) {
      controller.abort();
      if (abort.aborted) throw new GenerationAbortedError('answer stopped');
      throw error;
    } finally {
      abort.removeEventListener('abort', cancel);
      attempt.removeEventListener('abort', cancel);
    }
  }
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (a retry backoff cannot be interrupted otherwise). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new GenerationAbortedError('answer stopped'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new GenerationAbortedError('answer stopped'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  }).catch((error: unknown) => {
    // An attempt that opens after the abort would leak its request.
    promise.then(
      (late) => (late as Partial<OpenedStream>).controller?.abort(),
      () => undefined,
    );
    throw error;
  });
}
