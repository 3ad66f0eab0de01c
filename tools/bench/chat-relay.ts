/**
 * The bare relay of `npm run bench:chat -- --baseline` (docs/performance.md): one process,
 * socket.io in, the local Claude server's stream (tools/bench/fake-claude.ts, through the
 * official SDK) out to the socket, one `chat:token` per text delta. No bus, no Postgres, no
 * Redis, no identity, limits, history or retrieval: what the machine does for an answer
 * when nothing else is done. It speaks just enough of the gateway's socket protocol for
 * @eloquent/client (`GET /health`, `chat:send` → ack, `chat:token`, `chat:sources`,
 * `chat:done`, `chat:stop`). Prints `listening <url>`.
 */
import Anthropic from '@anthropic-ai/sdk';
import { SocketEvents } from '@eloquent/contracts';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { cli } from '@eloquent/cli';

const ARGS = cli({
  usage: 'node dist/tools/bench/chat-relay.js --claude-url <url> [options]',
  description: 'The bare socket.io → Claude relay that bench:chat measures the stack against.',
  options: {
    'claude-url': { type: 'string', description: 'base URL of the local Claude server', hint: 'url' },
    mode: { type: 'string', description: 'the answer mode reported in chat:done (llm or retrieval-only)', default: 'llm', hint: 'mode' },
  },
}).values;

async function main(): Promise<void> {
  if (!ARGS['claude-url']) throw new Error('--claude-url is required');
  const mode = ARGS['mode'] === 'retrieval-only' ? 'retrieval-only' : 'llm';
  const claude = new Anthropic({ apiKey: 'bench-key', baseURL: ARGS['claude-url'], maxRetries: 0, timeout: 60_000 });
  const http = createServer((request, response) => {
    if (request.url === '/health') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    response.writeHead(404).end();
  });
  const io = new Server(http, { transports: ['websocket'], serveClient: false });
  io.on('connection', (socket) => {
    const running = new Map<string, AbortController>();
    socket.on(SocketEvents.send, (payload: { content?: string; chatId?: string }, ack: (reply: unknown) => void) => {
      const chatId = payload?.chatId ?? randomUUID();
      const messageId = randomUUID();
      const abort = new AbortController();
      running.set(messageId, abort);
      ack({ chatId, messageId, userMessageId: randomUUID() });
      void relay(socket, claude, mode, messageId, String(payload?.content ?? ''), abort.signal).finally(() => running.delete(messageId));
    });
    socket.on(SocketEvents.stop, (payload: { messageId?: string }, ack: (reply: unknown) => void) => {
      const abort = running.get(String(payload?.messageId));
      abort?.abort();
      ack({ stopped: abort !== undefined });
    });
    socket.on('disconnect', () => running.forEach((abort) => abort.abort()));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  console.log(`listening http://127.0.0.1:${(http.address() as AddressInfo).port}`);
  process.on('SIGTERM', () => {
    void io.close();
    process.exit(0);
  });
}

async function relay(
  socket: import('socket.io').Socket,
  claude: Anthropic,
  mode: 'llm' | 'retrieval-only',
  messageId: string,
  question: string,
  signal: AbortSignal,
): Promise<void> {
  let seq = 0;
  let outputTokens = 0;
  try {
    const stream = await claude.messages.create(
      { model: 'claude-bench', max_tokens: 1024, stream: true, messages: [{ role: 'user', content: `Question: ${question}` }] },
      { signal },
    );
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        socket.emit(SocketEvents.token, { messageId, seq: seq++, text: event.delta.text });
      } else if (event.type === 'message_delta') outputTokens = event.usage.output_tokens;
    }
    socket.emit(SocketEvents.sources, { messageId, sources: [] });
    socket.emit(SocketEvents.done, { messageId, mode, usage: { inputTokens: 0, outputTokens } });
  } catch (error) {
    if (signal.aborted) socket.emit(SocketEvents.done, { messageId, mode, cancelled: true });
    else socket.emit(SocketEvents.error, { messageId, code: 'GENERATION_FAILED', message: String(error), correlationId: messageId });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
