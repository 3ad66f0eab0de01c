/**
 * `npm start`: migrates, starts the four services, loads the sample knowledge base on
 * first start, and prints where to talk to it. Ctrl-C stops everything gracefully.
 */
import { cli } from '@eloquent/cli';
import { loadDotEnv } from '@eloquent/config';
import { addressOf, ensureDatabase, startStack, type ServiceName } from '@eloquent/runtime';
import { join, resolve } from 'node:path';

const { verbose } = cli({
  usage: 'npm start [-- --verbose]',
  description:
    'Migrates, starts the four services, loads the sample knowledge base on first start and prints where to talk to it; Ctrl-C stops everything gracefully. ' +
    'Settings: the environment, then .env.',
  options: { verbose: { type: 'boolean', description: "print every service's log line, not only warnings and errors" } },
}).values;
const root = resolve(__dirname, '../../..');
// .env (when present) under what the shell already set; the services inherit both.
const envFile = loadDotEnv();
if (envFile) console.log(`read settings from ${envFile}`);
const env: NodeJS.ProcessEnv = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/eloquent',
  SEED_DIR: join(root, 'knowledge-base/help-center'),
  SYNONYMS_FILE: join(root, 'knowledge-base/synonyms.txt'),
  ...process.env,
};

/** What to check when start-up fails: it depends on the step that failed. */
let hint = '';

async function main(): Promise<void> {
  hint = `Is PostgreSQL running at ${addressOf(env.DATABASE_URL!)} (DATABASE_URL)? See README → Prerequisites.`;
  if (await ensureDatabase(env.DATABASE_URL!)) console.log(`created database ${new URL(env.DATABASE_URL!).pathname.slice(1)}`);
  console.log('starting embedding, retrieval, chat and gateway…');
  // A service that exits at boot says why in its own lines above (a bad setting, or Postgres or Redis it cannot reach).
  hint = 'The service’s lines above say why; settings: README → Configuration, services: README → Prerequisites.';
  const stack = await startStack({ root, env, onLine: printLine });
  const gateway = `http://localhost:${stack.ports.gateway}`;
  const documents = await waitForKnowledgeBase(stack.ports.retrieval);
  const mode = env.ANTHROPIC_API_KEY
    ? `llm (Claude ${env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-5'})`
    : 'retrieval-only (no ANTHROPIC_API_KEY: answers are extracted from the knowledge base)';
  console.log(`
Eloquent is running at ${gateway}
  mode:            ${mode}
  knowledge base:  ${documents} documents
  ask something:   npm run ask -- "How do I dispute a card transaction?"
  socket.io:       connect to ${gateway}, emit "chat:send" { content } and listen for chat:token / chat:sources / chat:done
  REST:            GET ${gateway}/v1/chats   ·   health: GET ${gateway}/health/ready
Press Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping (draining in-flight answers)…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  for (const [service, child] of Object.entries(stack.processes)) {
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`${service} exited unexpectedly (code ${code}); stopping the stack`);
        void shutdown().then(() => process.exit(1));
      }
    });
  }
}

/** Logs are JSON (for machines); the quick start shows warnings and errors only, unless --verbose. */
function printLine(service: ServiceName, line: string): void {
  if (!line.trim()) return;
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    if (!verbose && (entry.level ?? 30) < 40) return;
    console.log(`[${service}] ${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`);
  } catch {
    console.log(`[${service}] ${line}`);
  }
}

/** The sample loads in the background on first start; wait until retrieval reports documents. */
async function waitForKnowledgeBase(port: number, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let documents = 0;
  while (Date.now() < deadline) {
    const report = (await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.json())) as { details?: { index?: { documents?: number } } };
    const current = report.details?.index?.documents ?? 0;
    if (current > 0 && current === documents) return current; // stable across two polls
    documents = current;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return documents;
}

main().catch((error: unknown) => {
  console.error(`start failed: ${error instanceof Error ? error.message : error}`);
  if (hint) console.error(hint);
  process.exit(1);
});
