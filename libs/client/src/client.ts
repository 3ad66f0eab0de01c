import type {
  ChatFeedbackAck,
  ChatResumeAck,
  ChatSendAck,
  ChatStopAck,
  DoneEvent,
  ErrorEvent,
  FeedbackRating,
  MessageView,
  SourcesEvent,
  TokenEvent,
} from '@eloquent/contracts';
import { io, type Socket } from 'socket.io-client';
import { Answer, type AnswerCallbacks, type AnswerHost } from './answer';
import { EloquentError, errorOf, type ServerErrorBody } from './errors';
import { Events } from './events';
import { chatsApi } from './rest';
import { CookieJar, hasBrowserCookies } from './session';

export interface ClientOptions {
  /** The gateway's base URL, e.g. `https://chat.example.com`. */
  url: string;
  /** A session token (Clerk), asked for on every connect and REST call; without it the visitor is anonymous (cookie). */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /**
   * Retry a question (or a connection) the gateway refused with RATE_LIMITED, after its
   * `retryAfterMs`. Off by default: the caller sees the RATE_LIMITED error. `true` = up to 3 retries.
   */
  retryRateLimited?: boolean | { maxRetries: number };
  /** How long an acknowledgement (and a connection) may take. Default 15 s. */
  ackTimeoutMs?: number;
  /** How long an answer in flight waits for a lost connection to come back before failing with CONNECTION_FAILED. Default 30 s. */
  reconnectTimeoutMs?: number;
  /** socket.io transports, in order. Default websocket, then long-polling. */
  transports?: Array<'websocket' | 'polling'>;
  /** For tests and unusual runtimes; default the global `fetch`. */
  fetch?: typeof fetch;
}

export interface AskOptions extends AnswerCallbacks {
  /** Continue this chat; without it, the question starts a new chat (its id is in `accepted`/`done`). */
  chatId?: string;
  /** Aborting stops the answer (`done` resolves with `cancelled: true`); before it was sent, fails with ABORTED. */
  signal?: AbortSignal;
}

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'offline';

const DEFAULT_RATE_LIMIT_RETRIES = 3;

/** Creates a client for one gateway. It connects on the first `ask` (or `connect()`). */
export function createClient(options: ClientOptions): EloquentClient {
  return new EloquentClient(options);
}

/**
 * The gateway's socket and REST contract (docs/gateway.md) behind one object: the
 * anonymous session, acknowledgements, `seq` order, stop, and resuming an answer after
 * the connection dropped, from the last token seen (`chat:resume` with `lastSeq`).
 */
export class EloquentClient implements AnswerHost {
  /** The caller's chats over REST. */
  readonly chats: ReturnType<typeof chatsApi>;

  private socket?: Socket;
  private readonly baseUrl: string;
  private readonly ackTimeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  /** Answers the gateway acknowledged and that have not ended, by message id. */
  private readonly answers = new Map<string, Answer>();
  /** Answers whose `chat:send` is not acknowledged yet. */
  private readonly unacknowledged = new Set<Answer>();
  /** Events for a message id not known yet (they beat the acknowledgement). */
  private readonly early = new Map<string, Array<(answer: Answer) => void>>();
  private readonly jar = new CookieJar();
  private session?: Promise<void>;
  private current: ConnectionStatus = 'idle';
  private readonly statusListeners = new Set<(status: ConnectionStatus, error?: EloquentError) => void>();
  private readonly connectWaiters = new Set<{ resolve(socket: Socket): void; reject(error: EloquentError): void }>();
  private everConnected = false;
  private lostTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.ackTimeoutMs = options.ackTimeoutMs ?? 15_000;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.chats = chatsApi({
      baseUrl: this.baseUrl,
      timeoutMs: this.ackTimeoutMs,
      fetch: this.fetchImpl,
      headers: async () => {
        await this.ensureSession();
        return this.requestHeaders();
      },
      received: (response) => this.jar.store(response.headers),
    });
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /** Called on every status change (and with the error when the gateway refused the connection). Returns an unsubscribe. */
  onStatus(listener: (status: ConnectionStatus, error?: EloquentError) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Connects now (otherwise the first `ask` does). Rejects with the gateway's refusal or CONNECTION_FAILED. */
  async connect(): Promise<void> {
    await this.connected();
  }

  /**
   * Asks a question. The returned {@link Answer} streams the reply: iterate it for text
   * pieces in order, pass callbacks, or await `answer.done`. Never throws: every failure
   * ends in `done` rejecting with an {@link EloquentError} (and `onError`).
   */
  ask(content: string, options: AskOptions = {}): Answer {
    const { chatId, signal, ...callbacks } = options;
    const answer = new Answer(this, callbacks);
    if (signal?.aborted) {
      answer.fail(aborted());
      return answer;
    }
    signal?.addEventListener('abort', () => void answer.stop().catch(() => undefined), { once: true });
    void this.send(answer, { content, ...(chatId !== undefined ? { chatId } : {}) }, signal);
    return answer;
  }

  /**
   * Rates one of the caller's answers once it has ended (`chat:feedback`): `up` or `down`,
   * with an optional comment; a later rating replaces it and `null` withdraws it. Resolves
   * with the answer as stored (its `feedback`); rejects with an {@link EloquentError}:
   * MESSAGE_NOT_FOUND (not the caller's answer), ANSWER_IN_PROGRESS (still streaming), VALIDATION_FAILED.
   */
  async rate(messageId: string, rating: FeedbackRating | null, comment?: string): Promise<MessageView> {
    const payload = { messageId, rating, ...(comment !== undefined ? { comment } : {}) };
    return (await this.request<Exclude<ChatFeedbackAck, { error: unknown }>>(Events.feedback, payload)).message;
  }

  /** Disconnects; answers still streaming fail with CONNECTION_FAILED. */
  close(): void {
    clearTimeout(this.lostTimer);
    this.lostTimer = undefined;
    this.socket?.disconnect().removeAllListeners();
    this.socket = undefined;
    this.everConnected = false;
    this.failActive(new EloquentError({ code: 'CONNECTION_FAILED', message: 'The client was closed' }));
    this.setStatus('idle');
  }

  /** @internal Sends `chat:stop` for an acknowledged answer. */
  async stop(messageId: string): Promise<boolean> {
    return (await this.request<Exclude<ChatStopAck, { error: unknown }>>(Events.stop, { messageId })).stopped;
  }

  /** @internal Asks the gateway to replay the answer after its `lastSeq` and continue live. */
  resume(answer: Answer): void {
    const socket = this.socket;
    if (!socket?.connected || !answer.messageId || answer.finished) return;
    this.withAck(socket, Events.resume, { messageId: answer.messageId, lastSeq: answer.lastSeq }).then(
      (reply) => {
        const ack = reply as ChatResumeAck;
        const error = errorOf(ack);
        if (error) return answer.fail(new EloquentError(error));
        const { message, replaying } = ack as { message: MessageView; replaying: boolean };
        if (!replaying) answer.completeFromStored(message);
      },
      (error: unknown) => {
        // Disconnected again: the next connect resumes. Connected but no reply: give up.
        if (socket.connected) answer.fail(asError(error));
      },
    );
  }

  // --- sending -------------------------------------------------------------------------

  private async send(answer: Answer, payload: { content: string; chatId?: string }, signal?: AbortSignal): Promise<void> {
    const retries = this.rateLimitRetries();
    this.unacknowledged.add(answer);
    try {
      for (let attempt = 0; ; attempt++) {
        let ack: ChatSendAck;
        try {
          ack = (await this.withAck(await this.connected(), Events.send, payload)) as ChatSendAck;
        } catch (error) {
          return answer.fail(asError(error));
        }
        const error = errorOf(ack);
        if (!error) return this.track(answer, ack as { chatId: string; messageId: string });
        if (error.code === 'RATE_LIMITED' && attempt < retries && !signal?.aborted) {
          await sleep(error.retryAfterMs ?? 1_000, signal);
          if (signal?.aborted) return answer.fail(aborted());
          continue;
        }
        return answer.fail(new EloquentError(error));
      }
    } finally {
      this.unacknowledged.delete(answer);
    }
  }

  private track(answer: Answer, ids: { chatId: string; messageId: string }): void {
    this.answers.set(ids.messageId, answer);
    const forget = () => this.answers.delete(ids.messageId);
    answer.done.then(forget, forget);
    answer.accept(ids);
    const pending = this.early.get(ids.messageId) ?? [];
    this.early.delete(ids.messageId);
    pending.forEach((deliver) => deliver(answer));
  }

  private route(messageId: string | undefined, deliver: (answer: Answer) => void): void {
    if (!messageId) return;
    const answer = this.answers.get(messageId);
    if (answer) return deliver(answer);
    // Only while a question awaits its id can an unknown id be ours; bounded either way.
    if (this.unacknowledged.size === 0 || this.early.size > 100) return;
    const queue = this.early.get(messageId) ?? [];
    queue.push(deliver);
    this.early.set(messageId, queue);
  }

  private rateLimitRetries(): number {
    const option = this.options.retryRateLimited;
    if (!option) return 0;
    return option === true ? DEFAULT_RATE_LIMIT_RETRIES : option.maxRetries;
  }

  // --- connection ----------------------------------------------------------------------

  private async connected(): Promise<Socket> {
    const socket = await this.ensureSocket();
    if (socket.connected) return socket;
    // Refused earlier (socket.io does not retry a refused handshake): try again, with a fresh token.
    if (!socket.active) socket.connect();
    return new Promise<Socket>((resolve, reject) => {
      const waiter = {
        resolve: (s: Socket) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (error: EloquentError) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.connectWaiters.delete(waiter);
        reject(new EloquentError({ code: 'CONNECTION_FAILED', message: `Could not connect to ${this.baseUrl} within ${this.ackTimeoutMs} ms` }));
      }, this.ackTimeoutMs);
      this.connectWaiters.add(waiter);
    });
  }

  private async ensureSocket(): Promise<Socket> {
    if (this.socket) return this.socket;
    await this.ensureSession();
    if (this.socket) return this.socket;
    const getToken = this.options.getToken;
    const cookie = this.jar.header();
    // A path in the URL is where the gateway is mounted, not a socket.io namespace.
    const { origin, pathname } = new URL(this.baseUrl);
    const socket = io(origin, {
      path: `${pathname.replace(/\/+$/, '')}/socket.io`,
      transports: this.options.transports ?? ['websocket', 'polling'],
      autoConnect: false,
      reconnectionDelay: 300,
      reconnectionDelayMax: 3_000,
      timeout: this.ackTimeoutMs,
      // A browser sends the gateway's cookie cross-origin only with credentials.
      withCredentials: true,
      ...(cookie ? { extraHeaders: { cookie } } : {}),
      ...(getToken
        ? {
            auth: (callback: (data: object) => void) => {
              Promise.resolve()
                .then(getToken)
                .then(
                  (token) => callback(token ? { token } : {}),
                  () => callback({}),
                );
            },
          }
        : {}),
    });
    this.socket = socket;
    socket.on(Events.token, (event: TokenEvent) => this.route(event.messageId, (answer) => answer.token(event)));
    socket.on(Events.sources, (event: SourcesEvent) => this.route(event.messageId, (answer) => answer.sourcesArrived(event)));
    socket.on(Events.done, (event: DoneEvent) => this.route(event.messageId, (answer) => answer.finish(event)));
    socket.on(Events.error, (event: ErrorEvent) => this.route(event.messageId, (answer) => answer.fail(new EloquentError(event))));
    socket.on('connect', () => this.onConnect(socket));
    socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    socket.on('connect_error', (error: Error & { data?: ServerErrorBody }) => this.onConnectError(socket, error));
    this.setStatus('connecting');
    socket.connect();
    return socket;
  }

  private onConnect(socket: Socket): void {
    clearTimeout(this.lostTimer);
    this.lostTimer = undefined;
    this.setStatus('online');
    for (const waiter of this.connectWaiters) waiter.resolve(socket);
    this.connectWaiters.clear();
    // Back after a drop: every answer in flight continues from its last token.
    if (this.everConnected) for (const answer of this.answers.values()) this.resume(answer);
    this.everConnected = true;
  }

  private onDisconnect(socket: Socket, reason: string): void {
    if (reason === 'io client disconnect') return;
    this.setStatus('offline');
    // The gateway closed us (e.g. a replica shutting down): socket.io does not come back by itself then.
    if (reason === 'io server disconnect') socket.connect();
    this.lostTimer ??= setTimeout(() => {
      this.lostTimer = undefined;
      if (socket.connected) return;
      this.failActive(new EloquentError({ code: 'CONNECTION_FAILED', message: `The connection did not come back within ${this.reconnectTimeoutMs} ms` }));
    }, this.reconnectTimeoutMs);
  }

  /** A refused handshake carries the error body in `data`; without it, the network failed and socket.io retries. */
  private onConnectError(socket: Socket, error: Error & { data?: ServerErrorBody }): void {
    const body = error.data && typeof error.data.code === 'string' ? error.data : undefined;
    if (!body) return this.setStatus('offline');
    const refusal = new EloquentError(body);
    this.setStatus('offline', refusal);
    if (body.code === 'RATE_LIMITED' && this.rateLimitRetries() > 0) {
      setTimeout(() => socket.connect(), body.retryAfterMs ?? 1_000);
      return;
    }
    for (const waiter of this.connectWaiters) waiter.reject(refusal);
    this.connectWaiters.clear();
    this.failActive(refusal);
  }

  private get reconnectTimeoutMs(): number {
    return this.options.reconnectTimeoutMs ?? 30_000;
  }

  private failActive(error: EloquentError): void {
    for (const answer of [...this.answers.values()]) answer.fail(error);
    for (const waiter of this.connectWaiters) waiter.reject(error);
    this.connectWaiters.clear();
  }

  private setStatus(status: ConnectionStatus, error?: EloquentError): void {
    this.current = status;
    for (const listener of this.statusListeners) listener(status, error);
  }

  /** Outside a browser, a first request gets the anonymous cookie, so the socket and REST calls share one visitor. */
  private ensureSession(): Promise<void> {
    if (hasBrowserCookies() || this.options.getToken || !this.jar.empty) return Promise.resolve();
    this.session ??= this.fetchImpl(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(this.ackTimeoutMs) }).then(
      (response) => {
        this.jar.store(response.headers);
        void response.body?.cancel();
      },
      () => {
        this.session = undefined; // the connection attempt reports the failure; try again next time
      },
    );
    return this.session;
  }

  private async requestHeaders(): Promise<Record<string, string>> {
    const token = this.options.getToken ? await this.options.getToken() : undefined;
    const cookie = this.jar.header();
    return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(cookie ? { cookie } : {}) };
  }

  /** A client event with an acknowledgement: the ack's value, or an {@link EloquentError} with the gateway's (or ACK_TIMEOUT's) code. */
  private async request<T>(event: string, payload: unknown): Promise<T> {
    const socket = await this.connected();
    const ack = await this.withAck(socket, event, payload).catch((error: unknown) => {
      throw asError(error);
    });
    const error = errorOf(ack);
    if (error) throw new EloquentError(error);
    return ack as T;
  }

  private withAck(socket: Socket, event: string, payload: unknown): Promise<unknown> {
    return socket.timeout(this.ackTimeoutMs).emitWithAck(event, payload);
  }
}

function asError(error: unknown): EloquentError {
  if (error instanceof EloquentError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // socket.io's own acknowledgement timeout
  if (/timed out/i.test(message)) return new EloquentError({ code: 'ACK_TIMEOUT', message: 'The gateway did not acknowledge in time' });
  return new EloquentError({ code: 'CONNECTION_FAILED', message });
}

function aborted(): EloquentError {
  return new EloquentError({ code: 'ABORTED', message: 'The question was aborted before it was sent' });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
