import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers one request. */
export type FakeReply =
  | {
      kind: 'text';
      /** The answer; a string is sent word by word, an array chunk by chunk (to split markers on purpose). */
      text: string | string[];
      /** Between text deltas (0 = as fast as possible). */
      tokenDelayMs?: number;
      /** Before the first text delta (default: tokenDelayMs). */
      firstTokenDelayMs?: number;
      /** Destroys the connection after this many deltas: a stream cut mid-answer. */
      cutAfter?: number;
      /** Sends an SSE `error` event of this type after `after` deltas instead of finishing. */
      errorAfter?: { after: number; type: string };
    }
  /** An HTTP error response, e.g. `{ status: 529, type: 'overloaded_error' }`. */
  | { kind: 'http-error'; status: number; type: string; message?: string; headers?: Record<string, string> }
  /** Accepts the request and never answers (until the client gives up). */
  | { kind: 'hang' };

export interface FakeRequest {
  body: { model: string; max_tokens: number; stream?: boolean; system?: unknown; messages: Array<{ role: string; content: unknown }> } & Record<
    string,
    unknown
  >;
  headers: IncomingMessage['headers'];
}

export interface FakeExchange {
  request: FakeRequest;
  reply: FakeReply;
  /** Text deltas written so far. */
  deltasSent: number;
  /** The client closed the connection before the response was complete (an abort). */
  closedEarly: boolean;
  /** When the connection closed (epoch ms, comparable across processes on one machine). */
  closedAt?: number;
  /** Resolves once the connection has closed. */
  closed: Promise<void>;
}

export interface FakeAnthropic {
  /** Base URL for the SDK (`ANTHROPIC_BASE_URL`). */
  url: string;
  exchanges: FakeExchange[];
  /** Replies used, in order, before `respond` is consulted. */
  enqueue(...replies: FakeReply[]): void;
  /** The reply to every request once the queue is empty. */
  respond: (request: FakeRequest) => FakeReply;
  close(): Promise<void>;
}

const WORD_PIECE = /\S+\s*|\s+/g;

/**
 * A local HTTP server speaking Anthropic's Messages API wire format — JSON replies and the
 * SSE stream (`message_start`, `content_block_start`, `ping`, `content_block_delta`,
 * `content_block_stop`, `message_delta`, `message_stop`, `error`) — so the official SDK
 * can be tested against it via its base URL. It can also fail the ways the real API does:
 * HTTP errors (529 overloaded), an `error` event mid-stream, a cut connection, no answer.
 * Like the real API at version 2026-10-21 (the SDK's default), it rejects sampling
 * parameters with a 400 unless the request pins `anthropic-version: 2023-06-01`.
 */
export async function startFakeAnthropic(respond: (request: FakeRequest) => FakeReply = () => ({ kind: 'text', text: 'Hello.' })): Promise<FakeAnthropic> {
  const queue: FakeReply[] = [];
  const exchanges: FakeExchange[] = [];
  const fake: FakeAnthropic = {
    url: '',
    exchanges,
    enqueue: (...replies) => queue.push(...replies),
    respond,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const request: FakeRequest = { body: JSON.parse(raw) as FakeRequest['body'], headers: req.headers };
        const reply = versionRejects(request) ?? queue.shift() ?? fake.respond(request);
        let markClosed!: () => void;
        const exchange: FakeExchange = { request, reply, deltasSent: 0, closedEarly: false, closed: new Promise<void>((resolve) => (markClosed = resolve)) };
        exchanges.push(exchange);
        res.on('close', () => {
          exchange.closedEarly = !res.writableFinished;
          exchange.closedAt = Date.now();
          markClosed();
        });
        return serve(request, reply, res, exchange);
      })
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Hanging requests and streams in progress must not keep close() waiting.
  const close = fake.close;
  fake.close = () => {
    server.closeAllConnections();
    return close();
  };
  return fake;
}

/** Sampling parameters that API version 2026-10-21 rejects with a 400, even at their defaults. */
const SAMPLING_PARAMS = ['temperature', 'top_p', 'top_k'];

/** The 400 the real API gives a request its `anthropic-version` does not allow. */
function versionRejects(request: FakeRequest): FakeReply | undefined {
  if (request.headers['anthropic-version'] === '2023-06-01') return undefined;
  const sampling = SAMPLING_PARAMS.find((param) => param in request.body);
  return sampling ? { kind: 'http-error', status: 400, type: 'invalid_request_error', message: `${sampling}: Extra inputs are not permitted` } : undefined;
}

async function serve(request: FakeRequest, reply: FakeReply, res: ServerResponse, exchange: FakeExchange): Promise<void> {
  if (reply.kind === 'hang') return;
  if (reply.kind === 'http-error') {
    res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}`, ...reply.headers });
    res.end(JSON.stringify({ type: 'error', error: { type: reply.type, message: reply.message ?? `fake ${reply.type}` } }));
    return;
  }
  const chunks = Array.isArray(reply.text) ? reply.text : (reply.text.match(WORD_PIECE) ?? []);
  const inputTokens = Math.ceil(JSON.stringify(request.body.messages).length / 4);
  const message = { id: `msg_${randomUUID()}`, type: 'message', role: 'assistant', model: request.body.model, stop_sequence: null };
  if (!request.body.stream) {
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}` });
    res.end(
      JSON.stringify({
        ...message,
        content: [{ type: 'text', text: chunks.join('') }],
        stop_reason: 'end_turn',
        usage: { input_tokens: inputTokens, output_tokens: chunks.length },
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${randomUUID()}` });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
  });
  send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  send('ping', { type: 'ping' });
  const tokenDelayMs = reply.tokenDelayMs ?? 0;
  for (let i = 0; i < chunks.length; i++) {
    const wait = i === 0 ? (reply.firstTokenDelayMs ?? tokenDelayMs) : tokenDelayMs;
    if (wait > 0) await delay(wait);
    if (res.destroyed) return;
    if (reply.errorAfter && i === reply.errorAfter.after) {
      send('error', { type: 'error', error: { type: reply.errorAfter.type, message: `fake ${reply.errorAfter.type}` } });
      res.end();
      return;
    }
    if (reply.cutAfter !== undefined && i === reply.cutAfter) {
      // Let what was written reach the client first: the cut comes after those tokens.
      await new Promise<void>((resolve) => res.write('', () => resolve()));
      await delay(10);
      res.destroy();
      return;
    }
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: chunks[i] } });
    exchange.deltasSent++;
  }
  if (reply.errorAfter && reply.errorAfter.after >= chunks.length) {
    send('error', { type: 'error', error: { type: reply.errorAfter.type, message: `fake ${reply.errorAfter.type}` } });
    res.end();
    return;
  }
  send('content_block_stop', { type: 'content_block_stop', index: 0 });
  send('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: chunks.length } });
  send('message_stop', { type: 'message_stop' });
  res.end();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
