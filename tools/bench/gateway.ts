/**
 * `npm run bench:gateway [-- --sockets 1000 --chatting 200 --rounds 3]`: the gateway under
 * load, keyless (answers from the extractive generator). Starts the built stack on a
 * database and Redis prefix of its own with the rate limits set out of the way, connects
 * `--sockets` @eloquent/client clients over websocket (each its own anonymous session: outside
 * a browser the client fetches its cookie with one GET /health before the handshake, which
 * the connect time includes), then `--rounds` times
 * has `--chatting` of them ask at once. Reports errors (the goal is 0), latencies, and the
 * gateway's resident memory. Figures go to docs/gateway.md; the raw JSON to bench-results/.
 *
 * Event latency is the relay's own delay: each answer event's Redis Stream entry id holds
 * the millisecond chat appended it; the client notes when the event arrived (one machine,
 * one clock), so the figure covers Redis → gateway → websocket → client. A dropped
 * connection counts as an error (`droppedDuringRun`), though the client resumes the answer.
 */
import { createClient, EloquentError, type EloquentClient } from '@eloquent/client';
import { answerStreamKey } from '@eloquent/contracts';
import { createRedis } from '@eloquent/redis';
import { startTestStack, TEST_REDIS_URL } from '@eloquent/testing';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, numberOption } from '@eloquent/cli';

const QUESTIONS = [
  'How do I dispute a card transaction?',
  'How long does an international transfer take?',
  'What are the ATM withdrawal fees?',
  'How do I freeze my card?',
  'I was charged twice, what should I do?',
  'How do I close my account?',
  'What is an arranged overdraft?',
  'How do I change my address?',
];

interface Options {
  sockets: number;
  chatting: number;
  rounds: number;
}

interface Exchange {
  messageId?: string;
  sentAt: number;
  ackAt?: number;
  firstTokenAt?: number;
  doneAt?: number;
  /** Arrival time of each event, by kind and token seq. */
  arrivals: Array<{ kind: 'token' | 'sources' | 'done'; seq?: number; at: number }>;
  error?: string;
}

const ARGS = cli({
  usage: 'npm run bench:gateway -- [options]',
  description: 'The gateway under load, keyless: sockets connected, some asking at once; errors, relay latency, gateway memory.',
  options: {
    sockets: { type: 'string', description: 'websocket clients connected', default: '1000', hint: 'n' },
    chatting: { type: 'string', description: 'clients asking at once per round', default: '200', hint: 'n' },
    rounds: { type: 'string', description: 'rounds of questions', default: '3', hint: 'n' },
  },
}).values;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const summary = (values: number[]) => ({
  n: values.length,
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  p99: percentile(values, 99),
  max: values.length ? Math.max(...values) : NaN,
});

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 102.4) / 10 : NaN;
}

/** One visitor: a client of its own (its own anonymous session, fetched first), connected over websocket. */
async function connect(url: string, onDrop: () => void): Promise<EloquentClient> {
  const client = createClient({ url, transports: ['websocket'], ackTimeoutMs: 20_000 });
  await client.connect();
  client.onStatus((status) => status === 'offline' && onDrop());
  return client;
}

async function askOnce(client: EloquentClient, question: string, timeoutMs = 60_000): Promise<Exchange> {
  const exchange: Exchange = { sentAt: Date.now(), arrivals: [] };
  const answer = client.ask(question, {
    onAccepted: ({ messageId }) => {
      exchange.ackAt = Date.now();
      exchange.messageId = messageId;
    },
    onToken: (_text, event) => {
      const at = Date.now();
      exchange.firstTokenAt ??= at;
      exchange.arrivals.push({ kind: 'token', seq: event.seq, at });
    },
    onSources: () => exchange.arrivals.push({ kind: 'sources', at: Date.now() }),
    onDone: () => {
      exchange.doneAt = Date.now();
      exchange.arrivals.push({ kind: 'done', at: exchange.doneAt });
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolvePromise) => (timer = setTimeout(() => resolvePromise('timeout'), timeoutMs)));
  try {
    if ((await Promise.race([answer.done, timeout])) === 'timeout') exchange.error = 'timeout';
  } catch (error) {
    exchange.error = error instanceof EloquentError ? error.code : String(error);
  } finally {
    clearTimeout(timer);
  }
  return exchange;
}

async function main(): Promise<void> {
  const options: Options = {
    sockets: numberOption('sockets', ARGS['sockets']),
    chatting: numberOption('chatting', ARGS['chatting']),
    rounds: numberOption('rounds', ARGS['rounds']),
  };
  console.log(`gateway bench: ${options.sockets} sockets, ${options.chatting} asking at once, ${options.rounds} rounds (keyless)`);
  const env = await startTestStack('benchgw', {
    LOG_LEVEL: 'warn',
    // "Very high" limits: the bench measures the gateway, not the limiter's refusals (it still runs on every event).
    RATE_LIMIT_GLOBAL: '1000000000/1m',
    RATE_LIMIT_ANON: '1000000/1m',
    RATE_LIMIT_ANON_IP: '1000000000/1m',
    RATE_LIMIT_USER: '1000000/1m',
    RATE_LIMIT_LLM_MESSAGES: '1000000/1m',
  });
  const gatewayPid = env.stack.processes.gateway.pid!;
  const redis = createRedis(TEST_REDIS_URL, 'bench-gateway');
  const memory: Record<string, number> = { idle: rssMb(gatewayPid) };
  let peak = memory.idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(gatewayPid))), 200);
  const sockets: EloquentClient[] = [];
  let connectErrors = 0;
  let drops = 0;
  try {
    const connectStarted = Date.now();
    for (let i = 0; i < options.sockets; i += 50) {
      const batch = await Promise.allSettled(Array.from({ length: Math.min(50, options.sockets - i) }, () => connect(env.gatewayUrl, () => drops++)));
      for (const result of batch) {
        if (result.status === 'fulfilled') sockets.push(result.value);
        else connectErrors++;
      }
    }
    const connectMs = Date.now() - connectStarted;
    memory.connected = rssMb(gatewayPid);
    console.log(`connected ${sockets.length}/${options.sockets} sockets in ${connectMs} ms (gateway RSS ${memory.connected} MB)`);

    const exchanges: Exchange[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const askers = Array.from({ length: options.chatting }, (_, i) => sockets[(round * options.chatting + i) % sockets.length]);
      const started = Date.now();
      const results = await Promise.all(askers.map((socket, i) => askOnce(socket, QUESTIONS[(round + i) % QUESTIONS.length])));
      exchanges.push(...results);
      console.log(`round ${round + 1}: ${results.filter((r) => !r.error).length}/${results.length} answered in ${Date.now() - started} ms`);
    }
    memory.afterChat = rssMb(gatewayPid);
    memory.peak = Math.max(peak, memory.afterChat);
    const disconnected = drops;

    // Relay latency: arrival − the ms in the stream entry's id.
    const relay: number[] = [];
    for (const exchange of exchanges.filter((e) => e.messageId && !e.error)) {
      const entries = (await redis.xrange(answerStreamKey(env.prefix, exchange.messageId!), '-', '+')) as Array<[string, string[]]>;
      const written = entries.map(([id, fields]) => ({
        ms: Number(id.split('-')[0]),
        entry: JSON.parse(fields[fields.indexOf('e') + 1]) as { type: string; seq?: number },
      }));
      for (const arrival of exchange.arrivals) {
        const match = written.find((w) => w.entry.type === arrival.kind && (arrival.kind !== 'token' || w.entry.seq === arrival.seq));
        if (match) relay.push(arrival.at - match.ms);
      }
    }
    const ok = exchanges.filter((e) => !e.error);
    const errors = exchanges.filter((e) => e.error);
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) },
      options,
      connect: { ms: connectMs, errors: connectErrors, droppedDuringRun: disconnected },
      questions: exchanges.length,
      errors: {
        total: errors.length + connectErrors + disconnected,
        byKind: Object.fromEntries([...new Set(errors.map((e) => e.error!))].map((k) => [k, errors.filter((e) => e.error === k).length])),
      },
      latencyMs: {
        relayPerEvent: summary(relay),
        ack: summary(ok.map((e) => e.ackAt! - e.sentAt)),
        firstToken: summary(ok.filter((e) => e.firstTokenAt).map((e) => e.firstTokenAt! - e.sentAt)),
        complete: summary(ok.map((e) => e.doneAt! - e.sentAt)),
      },
      eventsPerAnswer: summary(ok.map((e) => e.arrivals.length)),
      gatewayRssMb: memory,
    };
    console.log(JSON.stringify(result, null, 2));
    const dir = resolve(__dirname, '../../../bench-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `gateway-${result.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
    if (result.errors.total > 0) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    sockets.forEach((s) => s.close());
    redis.disconnect();
    await env.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
