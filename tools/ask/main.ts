/**
 * `npm run ask -- "question" [--url http://localhost:3000]`: asks the running stack with
 * @eloquent/client, exactly like the chat widget, and prints the streamed answer and its sources.
 */
import { createClient, EloquentError } from '@eloquent/client';
import { cli } from '@eloquent/cli';

const { values, positionals } = cli({
  usage: 'npm run ask -- [--url <gateway>] <question…>',
  description: 'Asks the running stack over socket.io, like a chat widget, and prints the streamed answer and its sources.',
  positionals: '<question…>',
  options: { url: { type: 'string', description: 'the gateway (or ELOQUENT_URL)', default: process.env.ELOQUENT_URL ?? 'http://localhost:3000', hint: 'url' } },
});
const url = values.url;
const question = positionals.join(' ') || 'How do I dispute a card transaction?';

async function main(): Promise<void> {
  const client = createClient({ url, ackTimeoutMs: 5_000 });
  const started = Date.now();
  let firstToken: number | undefined;
  const timeout = setTimeout(() => void answer.stop().catch(() => undefined), 60_000);
  console.log(`Q: ${question}\n`);
  const answer = client.ask(question, {
    onToken: (text) => {
      firstToken ??= Date.now() - started;
      process.stdout.write(text);
    },
  });
  try {
    const result = await answer.done;
    if (result.sources.length) {
      console.log('\n\nSources:');
      for (const source of result.sources) console.log(`  [${source.n}] ${titleAndLink(source)}`);
    }
    if (result.suggestedArticles.length) {
      console.log('\n\nWere you asking about one of these?');
      for (const article of result.suggestedArticles) console.log(`  - ${titleAndLink(article)}`);
    }
    const note =
      (result.cancelled ? '; stopped after 60 s' : '') +
      (result.abstained ? '; abstained: the help center does not cover it' : '') +
      (result.smallTalk ? `; small talk (${result.smallTalk}): not searched` : '');
    console.log(`\n(mode: ${result.mode}; first token after ${firstToken ?? '-'} ms; done after ${Date.now() - started} ms${note})`);
  } catch (error) {
    const reason = error instanceof EloquentError ? `error ${error.code}: ${error.message}` : String(error);
    console.error(`\n${reason}${error instanceof EloquentError && error.code === 'CONNECTION_FAILED' ? ` (is the stack running at ${url}?)` : ''}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(timeout);
    client.close();
  }
}

/** An article as the CLI prints it: its title, then its link when it has one. */
function titleAndLink(article: { title: string; url?: string }): string {
  return article.url ? `${article.title} — ${article.url}` : article.title;
}

void main();
