/**
 * The local Claude of `npm run bench:chat`, in a process of its own so that serving
 * hundreds of streams does not share a CPU with the clients that time them. Speaks the
 * Messages API (libs/testing fake-anthropic): streamed answers of `--tokens` words, one
 * every `--token-ms` ms, citing [1] and [2]; non-streamed requests (follow-up rewrites)
 * get the question back. Prints `listening <url>`, then one JSON line per closed request.
 */
import { startFakeAnthropic, type FakeRequest } from '@eloquent/testing';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const tokens = option('tokens', 100);
const tokenDelayMs = option('token-ms', 20);
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
