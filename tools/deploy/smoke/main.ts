/**
 * The client half of `npm run deploy:smoke` (tools/deploy/smoke.sh runs the containers):
 * asks one question through the published gateway port over socket.io, exactly as a chat
 * widget would, and checks the answer: tokens in order, cited sources, `chat:done`.
 *
 *   node dist/tools/deploy/smoke/main.js --url http://127.0.0.1:3000 [--question "…"] [--timeout-ms 60000]
 *
 * Prints one JSON line with what it saw; exits 1 with the reason when a check fails.
 */
import { cli, numberOption } from '@eloquent/cli';
import { SocketEvents, type ChatSendAck, type DoneEvent, type ErrorEvent, type SourcesEvent, type TokenEvent } from '@eloquent/contracts';
import { io } from 'socket.io-client';

export interface AnswerSeen {
  chatId?: string;
  messageId?: string;
  tokens: TokenEvent[];
  sources: SourcesEvent['sources'];
  done?: DoneEvent;
  error?: string;
  firstTokenMs?: number;
  totalMs: number;
}

/** What a healthy stack's answer must show; returns the failed checks (empty = healthy). */
export function answerProblems(seen: AnswerSeen): string[] {
  const problems: string[] = [];
  if (seen.error) problems.push(seen.error);
  if (!seen.messageId) problems.push('chat:send was not acknowledged with a messageId');
  if (seen.tokens.length === 0) problems.push('no chat:token');
  const seqs = seen.tokens.map((t) => t.seq);
  if (seqs.some((seq, i) => seq !== i)) problems.push(`token seq not 0..n in order: ${seqs.join(',')}`);
  if (seen.tokens.some((t) => t.messageId !== seen.messageId)) problems.push('a token of another message');
  if (
    seen.tokens
      .map((t) => t.text)
      .join('')
      .trim().length === 0
  )
    problems.push('the answer text is empty');
  if (seen.sources.length === 0) problems.push('no chat:sources (a grounded answer cites at least one passage)');
  if (seen.sources.some((s) => !s.title || !s.documentId)) problems.push('a source without title or documentId');
  if (!seen.done) problems.push('no chat:done');
  else if (seen.done.messageId !== seen.messageId) problems.push('chat:done of another message');
  return problems;
}

export function ask(url: string, question: string, timeoutMs: number): Promise<AnswerSeen> {
  return new Promise((resolve) => {
    const started = Date.now();
    const seen: AnswerSeen = { tokens: [], sources: [], totalMs: 0 };
    const socket = io(url, { transports: ['websocket'], reconnection: false, timeout: 5_000 });
    const finish = (error?: string) => {
      clearTimeout(timer);
      if (error && !seen.error) seen.error = error;
      seen.totalMs = Date.now() - started;
      socket.close();
      resolve(seen);
    };
    const timer = setTimeout(() => finish(`no chat:done within ${timeoutMs} ms`), timeoutMs);
    socket.on('connect_error', (error) => finish(`cannot connect to ${url}: ${error.message}`));
    socket.on(SocketEvents.token, (event: TokenEvent) => {
      seen.firstTokenMs ??= Date.now() - started;
      seen.tokens.push(event);
    });
    socket.on(SocketEvents.sources, (event: SourcesEvent) => seen.sources.push(...event.sources));
    socket.on(SocketEvents.done, (event: DoneEvent) => {
      seen.done = event;
      finish();
    });
    socket.on(SocketEvents.error, (event: ErrorEvent) => finish(`chat:error ${event.code}: ${event.message}`));
    socket.on('connect', () => {
      socket.emit(SocketEvents.send, { content: question }, (ack: ChatSendAck) => {
        if ('error' in ack) finish(`chat:send refused: ${ack.error.code}: ${ack.error.message}`);
        else Object.assign(seen, { chatId: ack.chatId, messageId: ack.messageId });
      });
    });
  });
}

async function main(): Promise<void> {
  const { values } = cli({
    usage: 'node dist/tools/deploy/smoke/main.js [options]',
    description:
      'The client half of npm run deploy:smoke: asks one question through the gateway over socket.io, as a chat widget would, ' +
      'checks the answer (tokens in order, cited sources, chat:done) and prints one JSON line; exits 1 when a check fails.',
    options: {
      url: { type: 'string', description: 'the gateway', default: 'http://127.0.0.1:3000', hint: 'url' },
      question: { type: 'string', description: 'the question to ask', default: 'How do I dispute a card transaction?', hint: 'text' },
      'timeout-ms': { type: 'string', description: 'how long to wait for chat:done', default: '60000', hint: 'ms' },
    },
  });
  const question = values.question;
  const seen = await ask(values.url, question, numberOption('timeout-ms', values['timeout-ms']));
  const problems = answerProblems(seen);
  console.log(
    JSON.stringify({
      question,
      ok: problems.length === 0,
      problems,
      mode: seen.done?.mode,
      tokens: seen.tokens.length,
      sources: seen.sources.map((s) => s.title),
      firstTokenMs: seen.firstTokenMs,
      totalMs: seen.totalMs,
      answer: seen.tokens
        .map((t) => t.text)
        .join('')
        .slice(0, 160),
    }),
  );
  process.exit(problems.length === 0 ? 0 : 1);
}

if (require.main === module) void main();
