import type { AnswerMode, Citation, DoneEvent, MessageView, SmallTalkKind, SourcesEvent, SuggestedArticle, TokenEvent } from '@eloquent/contracts';
import { EloquentError } from './errors';

/**
 * How an answer ended: the whole text, its sources and mode, whether `stop()` cut it short,
 * and whether it abstained (said the help center does not cover the question).
 */
export interface AnswerResult {
  chatId: string;
  messageId: string;
  text: string;
  sources: Citation[];
  mode: AnswerMode;
  usage?: { inputTokens: number; outputTokens: number };
  cancelled: boolean;
  /** The answer says the help center does not cover the question (it has no sources). */
  abstained: boolean;
  /**
   * With an abstention: up to three articles on the subject, best first (none otherwise).
   * Their titles are questions the help center answers: asking one gets its article's answer.
   */
  suggestedArticles: SuggestedArticle[];
  /**
   * Set on the reply to small talk ("hi", "thanks", "👍", "can I talk to a person?", "???", "that didn't help"): not an answer
   * from the help center, so a client shows it without a mode badge or rating buttons.
   */
  smallTalk?: SmallTalkKind;
}

/** Callbacks, as an alternative to iterating and awaiting. */
export interface AnswerCallbacks {
  /** The gateway stored the question: the ids are known (`stop()` works from here). */
  onAccepted?(ids: { chatId: string; messageId: string }): void;
  /** A piece of text, in order, exactly once (also across a reconnect). */
  onToken?(text: string, event: TokenEvent): void;
  onSources?(sources: Citation[]): void;
  onDone?(result: AnswerResult): void;
  onError?(error: EloquentError): void;
}

/** What the answer needs from the client that created it. */
export interface AnswerHost {
  stop(messageId: string): Promise<boolean>;
  /** Ask the gateway again for everything after `lastSeq` (a gap in the tokens). */
  resume(answer: Answer): void;
}

type Listener = () => void;

/**
 * One answer being streamed. Tokens come out in `seq` order, each once: replays after a
 * reconnect and duplicates are dropped, and a token that arrives ahead of its turn waits
 * for the ones before it. Read it as an async iterator of text pieces, with callbacks,
 * or just `await answer.done`.
 */
export class Answer implements AsyncIterable<string> {
  chatId?: string;
  messageId?: string;
  /** The text so far. */
  text = '';
  sources: Citation[] = [];
  /** The last token `seq` taken in (-1: none yet); what a resume asks to continue after. */
  lastSeq = -1;
  /** The outcome once settled. */
  result?: AnswerResult;
  error?: EloquentError;
  /** `done` resolves with the result, or rejects with an {@link EloquentError} (codes as in the contract). */
  readonly done: Promise<AnswerResult>;
  /** Resolves with the ids once the gateway acknowledged the question (rejects like `done` if it never does). */
  readonly accepted: Promise<{ chatId: string; messageId: string }>;

  private readonly pieces: string[] = [];
  private readonly waiting = new Set<Listener>();
  private readonly ahead = new Map<number, TokenEvent>();
  private gapResumed = false;
  private stopRequested = false;
  private settleDone!: { resolve(result: AnswerResult): void; reject(error: EloquentError): void };
  private settleAccepted!: { resolve(ids: { chatId: string; messageId: string }): void; reject(error: EloquentError): void };

  constructor(
    private readonly host: AnswerHost,
    private readonly callbacks: AnswerCallbacks = {},
  ) {
    this.done = new Promise((resolve, reject) => (this.settleDone = { resolve, reject }));
    this.accepted = new Promise((resolve, reject) => (this.settleAccepted = { resolve, reject }));
    // A caller that only iterates (or only uses callbacks) must not see unhandled rejections.
    this.done.catch(() => undefined);
    this.accepted.catch(() => undefined);
  }

  get finished(): boolean {
    return this.result !== undefined || this.error !== undefined;
  }

  /**
   * Stops the answer: the gateway ends it with `done { cancelled: true }` and stores the
   * partial text. Before the question is acknowledged, the stop is sent as soon as it is.
   * Resolves false when the answer had already ended.
   */
  async stop(): Promise<boolean> {
    if (this.finished) return false;
    if (!this.messageId) {
      this.stopRequested = true;
      await this.accepted;
    }
    return this.host.stop(this.messageId!);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    let index = 0;
    for (;;) {
      while (index < this.pieces.length) yield this.pieces[index++];
      if (this.error) throw this.error;
      if (this.result) return;
      await new Promise<void>((resolve) => this.waiting.add(resolve));
    }
  }

  // --- called by the client --------------------------------------------------------------

  /** @internal */
  accept(ids: { chatId: string; messageId: string }): void {
    this.chatId = ids.chatId;
    this.messageId = ids.messageId;
    this.settleAccepted.resolve(ids);
    this.callbacks.onAccepted?.(ids);
    if (this.stopRequested) void this.host.stop(ids.messageId).catch(() => undefined);
  }

  /** @internal */
  token(event: TokenEvent): void {
    if (this.finished || event.seq <= this.lastSeq) return;
    this.ahead.set(event.seq, event);
    for (let next = this.ahead.get(this.lastSeq + 1); next; next = this.ahead.get(this.lastSeq + 1)) {
      this.ahead.delete(next.seq);
      this.lastSeq = next.seq;
      this.push(next.text, next);
    }
  }

  /** @internal */
  sourcesArrived(event: SourcesEvent): void {
    if (this.finished) return;
    this.sources = event.sources;
    this.callbacks.onSources?.(event.sources);
  }

  /** @internal */
  finish(event: DoneEvent): void {
    if (this.finished) return;
    if (this.ahead.size > 0 && !this.gapResumed) {
      // A token is missing before the ones held back: have the gateway replay from the gap once.
      this.gapResumed = true;
      this.host.resume(this);
      return;
    }
    this.settle({
      chatId: this.chatId!,
      messageId: this.messageId!,
      text: this.text,
      sources: this.sources,
      mode: event.mode,
      ...(event.usage ? { usage: event.usage } : {}),
      cancelled: event.cancelled === true,
      abstained: event.abstained === true,
      suggestedArticles: event.suggestedArticles ?? [],
      ...(event.smallTalk ? { smallTalk: event.smallTalk } : {}),
    });
  }

  /**
   * The replay window had passed when we came back: the stored message is the answer.
   * What was not seen yet is delivered as one last piece, so the caller's text still
   * equals the stored message.
   * @internal
   */
  completeFromStored(message: MessageView): void {
    if (this.finished) return;
    const rest = message.content.startsWith(this.text) ? message.content.slice(this.text.length) : message.content;
    if (!message.content.startsWith(this.text)) this.text = '';
    if (rest) this.push(rest, { messageId: message.id, seq: this.lastSeq + 1, text: rest });
    if (message.citations.length) this.sourcesArrived({ messageId: message.id, sources: message.citations });
    if (message.status === 'failed') {
      this.fail(new EloquentError({ code: (message.errorCode as never) ?? 'INTERNAL', message: 'The answer failed' }));
      return;
    }
    this.settle({
      chatId: this.chatId ?? message.chatId,
      messageId: message.id,
      text: this.text,
      sources: this.sources,
      mode: message.mode ?? 'retrieval-only',
      ...(message.usage ? { usage: message.usage } : {}),
      cancelled: message.status === 'cancelled',
      abstained: message.abstained === true,
      suggestedArticles: message.suggestedArticles ?? [],
      ...(message.smallTalk ? { smallTalk: message.smallTalk } : {}),
    });
  }

  /** @internal */
  fail(error: EloquentError): void {
    if (this.finished) return;
    this.error = error;
    this.settleAccepted.reject(error);
    this.settleDone.reject(error);
    this.wake();
    this.callbacks.onError?.(error);
  }

  private push(text: string, event: TokenEvent): void {
    this.text += text;
    this.pieces.push(text);
    this.wake();
    this.callbacks.onToken?.(text, event);
  }

  private settle(result: AnswerResult): void {
    this.result = result;
    this.settleDone.resolve(result);
    this.wake();
    this.callbacks.onDone?.(result);
  }

  private wake(): void {
    const listeners = [...this.waiting];
    this.waiting.clear();
    listeners.forEach((listener) => listener());
  }
}
