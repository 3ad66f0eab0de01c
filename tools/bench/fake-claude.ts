/**
 * The local Claude of `npm run bench:chat`, in a process of its own so that serving
 * hundreds of streams does not share a CPU with the clients that time them. Speaks the
 * Messages API (libs/testing fake-anthropic): streamed answers of `--tokens` words, one
 * every `--token-ms` ms, citing [1] and [2]; non-streamed requests (follow-up rewrites)
 * get the question back. Prints `listening <url>`, then one JSON line per closed request.
 */
import { startFakeAnthropic, type FakeRequest } from '@eloquent/testing';
import { cli, numberOption } from '@eloquent/cli';

const ARGS = cli({
  usage: 'node dist/tools/bench/fake-claude.js [options]',
  description: 'The local Claude of bench:chat (Messages API, streamed answers at a fixed token rate).',
  options: {
    tokens: { type: 'string', description: 'words per answer', default: '100', hint: 'n' },
    'token-ms': { type: 'string', description: 'milliseconds between tokens', default: '20', hint: 'ms' },
  },
}).values;

const tokens = numberOption('tokens', ARGS['tokens']);
const tokenDelayMs = numberOption('token-ms', ARGS['token-ms']);
const words = Array.from({ length: tokens }, (_, i) => (i === tokens / 2 ? 'word [1]' : `word${i}`));
const ANSWER = `${words.join(' ')} [2].`;

function lastUserText(request: FakeRequest): string {
  const content = request.body.messages[request.body.messages.length - 1].content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

async function main(): Promise<void> {
  const fake = await startFakeAnthropic((request) =>
    request.body.stream
      ? { kind: 'text', text: ANSWER, tokenDelayMs }
      : { kind: 'text', text: lastUserText(request).split('Follow-up question: ').pop() ?? 'question' },
  );
  console.log(`listening ${fake.url}`);
  const reported = new Set<number>();
  setInterval(() => {
    for (const [index, exchange] of fake.exchanges.entries()) {
      if (reported.has(index) || exchange.closedAt === undefined) continue;
      reported.add(index);
      const question = /Question: (.*)$/.exec(lastUserText(exchange.request))?.[1];
      console.log(
        JSON.stringify({
          question,
          stream: !!exchange.request.body.stream,
          closedAt: exchange.closedAt,
          closedEarly: exchange.closedEarly,
          deltasSent: exchange.deltasSent,
        }),
      );
    }
  }, 20);
  process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
}

void main();
