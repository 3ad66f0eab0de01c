/**
 * `npm run ask -- "question" [--url http://localhost:3000]`: asks the running stack over
 * socket.io, exactly like a chat widget, and prints the streamed answer and its sources.
 */
import { SocketEvents, type ChatSendAck, type DoneEvent, type ErrorEvent, type SourcesEvent, type TokenEvent } from '@eloquent/contracts';
import { io } from 'socket.io-client';
import { cli } from '../cli/args';

const { values, positionals } = cli({
  usage: 'npm run ask -- [--url <gateway>] <question…>',
  description: 'Asks the running stack over socket.io, like a chat widget, and prints the streamed answer and its sources.',
  positionals: '<question…>',
  options: { url: { type: 'string', description: 'the gateway (or ELOQUENT_URL)', default: process.env.ELOQUENT_URL ?? 'http://localhost:3000', hint: 'url' } },
});
const url = values.url;
const question = positionals.join(' ') || 'How do I dispute a card transaction?';

const socket = io(url, { transports: ['websocket'], reconnection: false, timeout: 5_000 });
const started = Date.now();
let firstToken: number | undefined;
const fail = (message: string) => {
  console.error(`\n${message}`);
  socket.close();
  process.exit(1);
};
const timeout = setTimeout(() => fail('no complete answer within 60 s'), 60_000);

socket.on('connect_error', (error) => fail(`cannot connect to ${url}: ${error.message}`));
socket.on(SocketEvents.token, (event: TokenEvent) => {
  firstToken ??= Date.now() - started;
  process.stdout.write(event.text);
});
socket.on(SocketEvents.sources, (event: SourcesEvent) => {
  console.log('\n\nSources:');
  for (const source of event.sources) console.log(`  [${source.n}] ${source.title}${source.url ? ` — ${source.url}` : ''}`);
});
socket.on(SocketEvents.done, (event: DoneEvent) => {
  clearTimeout(timeout);
  console.log(`\n(mode: ${event.mode}; first token after ${firstToken ?? '-'} ms; done after ${Date.now() - started} ms)`);
  socket.close();
});
socket.on(SocketEvents.error, (event: ErrorEvent) => fail(`error ${event.code}: ${event.message}`));
socket.on('connect', () => {
  console.log(`Q: ${question}\n`);
  socket.emit(SocketEvents.send, { content: question }, (ack: ChatSendAck) => {
    if ('error' in ack) fail(`error ${ack.error.code}: ${ack.error.message}`);
  });
});
