/**
 * `npm run bench:chat [-- --levels 50,200,500 --messages 3 --ramp-ms 1000 --tokens 100 --token-ms 20 --stops 50 --modes keyless,claude]`
 * (`--mode keyless --chats 200 --runs 3 --baseline` for one mode and level, three measured runs, and the bare relay beside):
 * @eloquent/client clients (websocket only) chatting at once against the built stack, keyless (extractive answers)
 * and with Claude played by a local server speaking the Messages API at a fixed token
 * rate (tools/bench/fake-claude.ts, its own process). Each client is its own anonymous
 * visitor, starts at a random moment within `--ramp-ms` (0 = all at once, a burst), and asks
 * `--messages` questions in one chat, one after the other (the later ones are follow-ups, so
 * history and the follow-up rewrite run too). For every level it reports
 * time to first token (socket `chat:send` → first `chat:token`), tokens per second per
 * answer (Claude only) and for all answers together, and errors. A warm-up (see `warmUp`)
 * comes before measuring. With Claude it then stops `--stops`
 * answers mid-stream and times `chat:stop` → `chat:done { cancelled }` at the client and
 * → the Claude request's connection closing at the server. Raw JSON goes to bench-results/.
 *
 * Tokens are the provider's output tokens (`done.usage`) with Claude, and an estimate of
 * the text (libs/text estimateTokens) without.
 *
 * Every level also reports the CPU time each service process used during it, and CPU per
 * answer (all four services together ÷ answers): counted per process, it holds on a busy
 * machine, where latencies do not. `--baseline` runs the same clients against the bare relay
 * (tools/bench/chat-relay.ts) and prints the ratios; the targets of docs/performance.md get
 * a PASS/FAIL line each. `--cpu-prof <dir>` has every service write a V8 CPU profile there
 * (read them with tools/bench/chat/profile-report.ts). `--idle-s <n>` first measures each
 * service's CPU over n seconds without traffic, after the warm-up (timers and pollers, which
 * the answers are charged with too; with `--cpu-prof`, its window is `windows-<mode>-idle.json`:
 * `profile-report.js <dir> --mode <mode>-idle`). `--perf <dir>` records the services with Linux
 * perf over the measured runs instead (on-CPU samples, kernel and V8's threads included; read
 * it with tools/bench/chat/perf-report.ts).
 */
import { createClient, EloquentError, type Answer as ClientAnswer, type EloquentClient } from '@eloquent/client';
import { BENCH_FOLLOW_UP, BENCH_QUESTIONS, startTestStack } from '@eloquent/testing';
import { estimateTokens } from '@eloquent/text';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { cli, numberOption } from '@eloquent/cli';
import { assertPerfAvailable, PERF_NODE_ARGS, startPerfRecording } from './chat/perf-recording';
import { cpuMeter, perSecond } from './chat/process-cpu';
import { stallMeter } from './chat/stalls';
import { checkTargets, formatTarget, median, SLOW_FIRST_TOKEN_MS, type LevelRun } from './chat/targets';

/** Limits far above the load: the bench measures answering, not refusals (the limiter still runs). */
const HIGH_RATE_LIMITS = {
  RATE_LIMIT_GLOBAL: '1000000000/1m',
  RATE_LIMIT_USER: '1000000/1m',
  RATE_LIMIT_ANON: '1000000/1m',
  RATE_LIMIT_ANON_IP: '1000000000/1m',
  RATE_LIMIT_LLM_MESSAGES: '1000000/1m',
  RATE_LIMIT_LLM_TOKENS: '1000000000/1d',
};

type Mode = 'keyless' | 'claude';

interface Answer {
  sentAt: number;
  firstTokenAt?: number;
  doneAt?: number;
  tokens: number;
  mode?: string;
  error?: string;
}

const ARGS = cli({
  usage: 'npm run bench:chat -- [options]',
  description:
    'Concurrent socket.io chats against the built stack, keyless and with a local Claude server; time to first token, tokens/s, errors, stop latency.',
  options: {
    levels: { type: 'string', description: 'concurrent chats per level, comma-separated', default: '50,200,500', hint: 'n,n' },
    chats: { type: 'string', description: 'the same as --levels (one level: --chats 200)', hint: 'n,n' },
    modes: { type: 'string', description: 'keyless and/or claude, comma-separated', default: 'keyless,claude', hint: 'list' },
    mode: { type: 'string', description: 'the same as --modes', hint: 'list' },
    runs: { type: 'string', description: 'measured runs per level (the targets hold in every run)', default: '1', hint: 'n' },
    'warm-up': { type: 'string', description: 'unmeasured rounds at the first level before measuring', default: '3', hint: 'n' },
    baseline: { type: 'boolean', description: 'also run the same clients against the bare relay (tools/bench/chat-relay.ts) and print the ratios' },
    'cpu-prof': { type: 'string', description: 'every service writes a V8 CPU profile into this folder', hint: 'dir' },
    perf: { type: 'string', description: 'record the services with Linux perf over the measured runs into this folder', hint: 'dir' },
    'idle-s': { type: 'string', description: 'after the warm-up, each service’s CPU over this many seconds without traffic', default: '0', hint: 's' },
    messages: { type: 'string', description: 'questions per chat', default: '3', hint: 'n' },
    tokens: { type: 'string', description: 'words per Claude answer', default: '100', hint: 'n' },
    'token-ms': { type: 'string', description: 'milliseconds between Claude tokens', default: '20', hint: 'ms' },
    stops: { type: 'string', description: 'answers stopped mid-stream (Claude)', default: '50', hint: 'n' },
    'ramp-ms': { type: 'string', description: 'clients start within this window (0: all at once)', default: '1000', hint: 'ms' },
  },
}).values;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round1 = (value: number) => Math.round(value * 10) / 10;
/** CLOCK_MONOTONIC in µs: the clock of V8 CPU profiles' timestamps. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const summary = (values: number[]) => ({
  n: values.length,
  p50: round1(percentile(values, 50)),
  p95: round1(percentile(values, 95)),
  max: round1(Math.max(...values)),
});

/** One visitor: a client of its own (its own anonymous session), connected. */
async function connect(url: string): Promise<EloquentClient> {
  const client = createClient({ url, transports: ['websocket'], ackTimeoutMs: 20_000 });
  await client.connect();
  return client;
}

/** Sends one question and times its answer; `onFirstToken` may act on it (e.g. stop it). */
async function ask(
  client: EloquentClient,
  content: string,
  chatId: string | undefined,
  onFirstToken?: (answer: ClientAnswer) => void,
  timeoutMs = 120_000,
): Promise<Answer & { chatId?: string; messageId?: string; cancelled?: boolean }> {
  const answer: Answer & { chatId?: string; messageId?: string; cancelled?: boolean } = { sentAt: performance.now(), tokens: 0 };
  const streamed = client.ask(content, {
    ...(chatId ? { chatId } : {}),
    onAccepted: (ids) => Object.assign(answer, ids),
    onToken: () => {
      if (answer.firstTokenAt !== undefined) return;
      answer.firstTokenAt = performance.now();
      onFirstToken?.(streamed);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolvePromise) => (timer = setTimeout(() => resolvePromise('timeout'), timeoutMs)));
  try {
    const result = await Promise.race([streamed.done, timeout]);
    if (result === 'timeout') answer.error = 'timeout';
    else {
      answer.doneAt = performance.now();
      answer.mode = result.mode;
      answer.cancelled = result.cancelled;
      answer.tokens = result.usage?.outputTokens ?? estimateTokens(result.text);
    }
  } catch (error) {
    answer.error = error instanceof EloquentError ? error.code : String(error);
  } finally {
    clearTimeout(timer);
  }
  return answer;
}

/** One visitor's conversation, starting within the ramp: a question, then follow-ups in the same chat. */
async function converse(client: EloquentClient, index: number, messages: number, rampMs: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  let chatId: string | undefined;
  if (rampMs > 0) await new Promise((r) => setTimeout(r, Math.random() * rampMs));
  for (let m = 0; m < messages; m++) {
    const answer = await ask(client, m === 0 ? BENCH_QUESTIONS[index % BENCH_QUESTIONS.length] : BENCH_FOLLOW_UP, chatId);
    answers.push(answer);
    if (answer.error) break;
    chatId = answer.chatId;
  }
  return answers;
}

async function connectAll(url: string, count: number): Promise<{ clients: EloquentClient[]; errors: number }> {
  const clients: EloquentClient[] = [];
  let errors = 0;
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(50, count - i) }, () => connect(url)));
    for (const result of batch) {
      if (result.status === 'fulfilled') clients.push(result.value);
      else errors++;
    }
  }
  return { clients, errors };
}

/** Where the clients connect, the processes whose CPU time counts, and (our stack) each service's HTTP port for its `/metrics`. */
interface Target {
  url: string;
  pids: Record<string, number>;
  metricsPorts?: Record<string, number>;
}

async function level(target: Target, concurrency: number, messages: number, mode: Mode, rampMs: number) {
  const { clients, errors: connectErrors } = await connectAll(target.url, concurrency);
  try {
    // Scraped outside the CPU meter's span, so the scrapes are not charged to the answers.
    const stalls = target.metricsPorts ? await stallMeter(target.metricsPorts) : undefined;
    const cpu = cpuMeter(target.pids);
    const startUs = monotonicUs();
    const started = performance.now();
    const answers = (await Promise.all(clients.map((client, i) => converse(client, i, messages, rampMs)))).flat();
    const wallMs = performance.now() - started;
    const cpuMs = cpu();
    const window = { startUs, endUs: monotonicUs() };
    const stalled = await stalls?.();
    const ok = answers.filter((a) => !a.error && a.doneAt !== undefined && a.firstTokenAt !== undefined);
    const failed = answers.filter((a) => a.error);
    const expectedMode = mode === 'claude' ? 'llm' : 'retrieval-only';
    const streaming = ok.filter((a) => a.doneAt! - a.firstTokenAt! > 0);
    const slow = ok.filter((a) => a.firstTokenAt! - a.sentAt > SLOW_FIRST_TOKEN_MS).map((a) => Math.round(a.sentAt - started));
    const result = {
      mode,
      /** Wall-clock start of the level, to line it up with other logs (Postgres', Redis'). */
      startedAt: new Date(Date.now() - wallMs).toISOString(),
      concurrentChats: concurrency,
      rampMs,
      answers: answers.length,
      errors: connectErrors + failed.length + (concurrency * messages - answers.length),
      errorKinds: Object.fromEntries([...new Set(failed.map((a) => a.error!))].map((k) => [k, failed.filter((a) => a.error === k).length])),
      unexpectedMode: ok.filter((a) => a.mode !== expectedMode).length,
      firstTokenMs: summary(ok.map((a) => a.firstTokenAt! - a.sentAt)),
      completeMs: summary(ok.map((a) => a.doneAt! - a.sentAt)),
      // Keyless answers arrive whole in one or two events: a rate per answer would be noise.
      ...(mode === 'claude' ? { tokensPerSecondPerAnswer: summary(streaming.map((a) => a.tokens / ((a.doneAt! - a.firstTokenAt!) / 1000))) } : {}),
      tokensPerSecondTotal: round1(ok.reduce((sum, a) => sum + a.tokens, 0) / (wallMs / 1000)),
      wallMs: Math.round(wallMs),
      cpuMs,
      cpuMsPerAnswer: Math.round((Object.values(cpuMs).reduce((sum, ms) => sum + ms, 0) / Math.max(1, ok.length)) * 100) / 100,
      loadAverage: loadavg().map(round1),
      /** First tokens over SLOW_FIRST_TOKEN_MS: how many, and when (ms into the level) the first and last of them were asked. */
      slowFirstTokens: slow.length ? { count: slow.length, askedFromMs: Math.min(...slow), askedToMs: Math.max(...slow) } : { count: 0 },
      /** Each service's event-loop delay, GC and slow internal exchanges during the level, and the bench's own loop (stalls.ts). */
      ...(stalled ? { stalls: stalled } : {}),
      /** The measured span on the CPU profiles' clock (profile-report.ts). */
      window,
    };
    return result;
  } finally {
    clients.forEach((s) => s.close());
  }
}

/** Stops `count` answers right after their first token; times the stop at the client and at Claude. */
async function stops(url: string, count: number, closings: Map<string, { closedAt: number; closedEarly: boolean; deltasSent: number }>) {
  const { clients } = await connectAll(url, count);
  try {
    const stopAt = new Map<string, { at: number; epoch: number; question: string }>();
    const answers = await Promise.all(
      clients.map((client, i) => {
        // Made unique with punctuation, which the analyzer drops: the search is unchanged.
        const question = `${BENCH_QUESTIONS[i % BENCH_QUESTIONS.length]}${'!'.repeat(i + 1)}`;
        return ask(client, question, undefined, (answer) => {
          stopAt.set(answer.messageId!, { at: performance.now(), epoch: Date.now(), question });
          void answer.stop().catch(() => undefined);
        });
      }),
    );
    await new Promise((r) => setTimeout(r, 500)); // the fake reports closings every 20 ms
    const toDone: number[] = [];
    const toAbort: number[] = [];
    let cancelled = 0;
    for (const answer of answers) {
      const stop = answer.messageId ? stopAt.get(answer.messageId) : undefined;
      if (!stop || answer.error || answer.doneAt === undefined) continue;
      if (answer.cancelled) cancelled++;
      toDone.push(answer.doneAt - stop.at);
      const closing = closings.get(stop.question);
      if (closing?.closedEarly) toAbort.push(closing.closedAt - stop.epoch);
    }
    const result = { stops: count, cancelled, stopToCancelledDoneMs: summary(toDone), stopToClaudeRequestClosedMs: summary(toAbort) };
    return result;
  } finally {
    clients.forEach((s) => s.close());
  }
}

/**
 * Each service's CPU over `seconds` with no client connected (after the warm-up): the stack's
 * timers and pollers. With a profile folder, the window goes beside the profiles.
 */
async function idle(target: Target, seconds: number, windowFile?: string) {
  await new Promise((r) => setTimeout(r, 1_000)); // the last answers' tail (stream TTLs, trims)
  const cpu = cpuMeter(target.pids);
  const startUs = monotonicUs();
  await new Promise((r) => setTimeout(r, seconds * 1_000));
  const cpuMs = cpu();
  if (windowFile) writeFileSync(windowFile, JSON.stringify([{ startUs, endUs: monotonicUs(), answers: 0 }]));
  return { idleS: seconds, cpuMs, cpuMsPerSecond: perSecond(cpuMs, seconds), loadAverage: loadavg().map(round1) };
}

/**
 * Before measuring: each conversation once, one at a time (warm caches, the follow-ups'
 * rewritten searches included), then `--warm-up` unmeasured rounds at the first level's
 * concurrency. The bench measures a running service: a fresh process is slower until V8
 * has optimised its hot code and the pools have grown, which takes a few hundred answers.
 * The warm-up rounds' figures are printed too (marked `warmUp`): they show that cold start.
 */
async function warmUp(
  target: Target,
  rounds: number,
  concurrency: number,
  messages: number,
  mode: Mode,
  rampMs: number,
  report: (result: unknown) => void,
): Promise<void> {
  const client = await connect(target.url);
  try {
    for (let i = 0; i < BENCH_QUESTIONS.length; i++) await converse(client, i, messages, 0);
  } finally {
    client.close();
  }
  for (let round = 1; round <= rounds; round++) report({ warmUp: round, ...(await level(target, concurrency, messages, mode, rampMs)) });
}

async function startFakeClaude(tokens: string, tokenMs: string, closings: Map<string, { closedAt: number; closedEarly: boolean; deltasSent: number }>) {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'fake-claude.js'), '--tokens', tokens, '--token-ms', tokenMs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolvePromise, reject) => {
    child.once('exit', (code) => reject(new Error(`fake Claude exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('listening ')) return resolvePromise(line.slice('listening '.length));
      const closing = JSON.parse(line) as { question?: string; stream: boolean; closedAt: number; closedEarly: boolean; deltasSent: number };
      if (closing.stream && closing.question) closings.set(closing.question, closing);
    });
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** The bare relay (tools/bench/chat-relay.ts) in a process of its own, streaming from `claudeUrl`. */
async function startRelay(claudeUrl: string, mode: Mode) {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(__dirname, 'chat-relay.js'), '--claude-url', claudeUrl, '--mode', mode === 'claude' ? 'llm' : 'retrieval-only'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolvePromise, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare relay exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('listening ')) resolvePromise(line.slice('listening '.length));
    });
  });
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

interface Options {
  levels: number[];
  messages: number;
  rampMs: number;
  runs: number;
  warmUpRounds: number;
  tokens: string;
  tokenMs: string;
  stopCount: number;
  idleS: number;
  cpuProfDir?: string;
  perfDir?: string;
}

type Measured = LevelRun & Record<string, unknown>;

/** Our stack in one mode: warm-up, `runs` measured runs per level, then the stops (Claude). */
async function measureStack(mode: Mode, options: Options, report: (result: unknown) => void): Promise<Measured[]> {
  const closings = new Map<string, { closedAt: number; closedEarly: boolean; deltasSent: number }>();
  const claude = mode === 'claude' ? await startFakeClaude(options.tokens, options.tokenMs, closings) : undefined;
  const measured: Measured[] = [];
  try {
    const env = await startTestStack(
      `benchchat${mode}`,
      {
        LOG_LEVEL: 'warn',
        ...HIGH_RATE_LIMITS,
        ...(claude ? { ANTHROPIC_API_KEY: 'bench-key', ANTHROPIC_BASE_URL: claude.url } : {}),
        ...(options.cpuProfDir
          ? { NODE_OPTIONS: `--require ${join(__dirname, 'chat/cpu-profile-preload.js')}`, CPU_PROFILE_DIR: resolve(options.cpuProfDir) }
          : {}),
      },
      options.perfDir ? { nodeArgs: PERF_NODE_ARGS } : {},
    );
    try {
      const pids = Object.fromEntries(Object.entries(env.stack.processes).map(([service, child]) => [service, child.pid!]));
      const target = { url: env.gatewayUrl, pids, metricsPorts: env.stack.ports };
      await warmUp(target, options.warmUpRounds, options.levels[0], options.messages, mode, options.rampMs, report);
      if (options.idleS > 0)
        report({ mode, ...(await idle(target, options.idleS, options.cpuProfDir && join(resolve(options.cpuProfDir), `windows-${mode}-idle.json`))) });
      const windows: Array<{ startUs: number; endUs: number; answers: number }> = [];
      const perf = options.perfDir ? await startPerfRecording(resolve(options.perfDir), mode, pids) : undefined;
      try {
        for (const concurrency of options.levels) {
          for (let run = 1; run <= options.runs; run++) {
            const result = { run, ...(await level(target, concurrency, options.messages, mode, options.rampMs)) };
            windows.push({ ...result.window, answers: result.answers });
            report(result);
            measured.push(result);
          }
        }
      } finally {
        await perf?.stop();
      }
      // The measured windows on the profiles' clock, for profile-report.ts and perf-report.ts.
      for (const dir of [options.cpuProfDir, options.perfDir]) if (dir) writeFileSync(join(resolve(dir), `windows-${mode}.json`), JSON.stringify(windows));
      if (claude && options.stopCount > 0) report({ mode, ...(await stops(env.gatewayUrl, options.stopCount, closings)) });
    } finally {
      await env.stop();
    }
  } finally {
    claude?.stop();
  }
  return measured;
}

/**
 * The same clients against the bare relay, fed by a local Claude of its own: at the same
 * token rate for `claude`; for `keyless` at once (no delay between tokens), as an
 * extractive answer is there at once.
 */
async function measureRelay(mode: Mode, options: Options, report: (result: unknown) => void): Promise<Measured[]> {
  const claude = await startFakeClaude(options.tokens, mode === 'claude' ? options.tokenMs : '0', new Map());
  const measured: Measured[] = [];
  try {
    const relay = await startRelay(claude.url, mode);
    try {
      const target = { url: relay.url, pids: { relay: relay.pid } };
      await warmUp(target, Math.min(1, options.warmUpRounds), options.levels[0], options.messages, mode, options.rampMs, (r) =>
        report({ baseline: true, ...(r as object) }),
      );
      for (const concurrency of options.levels) {
        for (let run = 1; run <= options.runs; run++) {
          const result = { baseline: true, run, ...(await level(target, concurrency, options.messages, mode, options.rampMs)) };
          report(result);
          measured.push(result);
        }
      }
    } finally {
      relay.stop();
    }
  } finally {
    claude.stop();
  }
  return measured;
}

const ratio = (ours: number[], relay: number[]) => (relay.length ? Math.round((median(ours) / median(relay)) * 100) / 100 : undefined);

async function main(): Promise<void> {
  const levels = (ARGS['chats'] ?? ARGS['levels']).split(',').map((n) => numberOption('chats', n));
  const modes = (ARGS['mode'] ?? ARGS['modes']).split(',') as Mode[];
  for (const mode of modes) if (mode !== 'keyless' && mode !== 'claude') throw new Error(`unknown mode "${mode}" (keyless or claude)`);
  const options: Options = {
    levels,
    messages: numberOption('messages', ARGS['messages']),
    rampMs: numberOption('ramp-ms', ARGS['ramp-ms']),
    runs: numberOption('runs', ARGS['runs']),
    warmUpRounds: numberOption('warm-up', ARGS['warm-up']),
    tokens: ARGS['tokens'],
    tokenMs: ARGS['token-ms'],
    stopCount: numberOption('stops', ARGS['stops']),
    idleS: numberOption('idle-s', ARGS['idle-s']),
    cpuProfDir: ARGS['cpu-prof'],
    perfDir: ARGS['perf'],
  };
  if (options.perfDir) assertPerfAvailable();
  for (const dir of [options.cpuProfDir, options.perfDir]) if (dir) mkdirSync(resolve(dir), { recursive: true });
  const results: unknown[] = [];
  const report = (result: unknown) => (console.log(JSON.stringify(result)), results.push(result));
  console.log(
    `chat bench: ${levels.join('/')} concurrent chats × ${options.messages} messages, starting within ${options.rampMs} ms, ${options.runs} run(s) each; ` +
      `modes ${modes.join(', ')}; Claude: ${options.tokens} tokens at one per ${options.tokenMs} ms${ARGS['baseline'] ? '; with the bare relay' : ''}`,
  );
  const ours: Measured[] = [];
  const relay: Measured[] = [];
  for (const mode of modes) {
    ours.push(...(await measureStack(mode, options, report)));
    if (ARGS['baseline']) relay.push(...(await measureRelay(mode, options, report)));
  }
  const date = new Date().toISOString();
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), loadAverage: loadavg().map(round1) };
  const dir = resolve(__dirname, '../../../bench-results');
  mkdirSync(dir, { recursive: true });
  console.log('\nsummary (median of runs; ratio = ours ÷ bare relay)');
  for (const mode of modes) {
    for (const chats of levels) {
      const mine = ours.filter((r) => r.mode === mode && r.concurrentChats === chats);
      const theirs = relay.filter((r) => r.mode === mode && r.concurrentChats === chats);
      const figure = (runs: Measured[], pick: (r: Measured) => number | undefined) =>
        runs.map(pick).filter((v): v is number => v !== undefined && !Number.isNaN(v));
      const firstTokenP95 = (r: Measured) => r.firstTokenMs.p95;
      const tokensPerSecond = (r: Measured) => r.tokensPerSecondPerAnswer?.p50;
      const cpuPerAnswer = (r: Measured) => r.cpuMsPerAnswer;
      const ratios = {
        firstTokenP95: ratio(figure(mine, firstTokenP95), figure(theirs, firstTokenP95)),
        ...(mode === 'claude' ? { tokensPerSecondPerAnswerP50: ratio(figure(mine, tokensPerSecond), figure(theirs, tokensPerSecond)) } : {}),
        cpuMsPerAnswer: ratio(figure(mine, cpuPerAnswer), figure(theirs, cpuPerAnswer)),
      };
      const row = (label: string, runs: Measured[]) =>
        runs.length
          ? `  ${label.padEnd(6)} first token p95 ${round1(median(figure(runs, firstTokenP95)))} ms` +
            (mode === 'claude' ? `, tokens/s per answer p50 ${round1(median(figure(runs, tokensPerSecond)))}` : '') +
            `, CPU per answer ${round1(median(figure(runs, cpuPerAnswer)))} ms`
          : undefined;
      console.log(`${mode} at ${chats} chats:`);
      for (const line of [row('ours', mine), row('relay', theirs)]) if (line) console.log(line);
      if (theirs.length) console.log(`  ratio  ${JSON.stringify(ratios)}`);
      writeFileSync(
        join(dir, `chat-${mode}-${chats}.json`),
        JSON.stringify(
          { date, machine, options: { mode, chats, ...options, levels: undefined }, runs: mine, baseline: theirs, ratios: theirs.length ? ratios : undefined },
          null,
          2,
        ),
      );
    }
  }
  const targets = checkTargets(ours, relay);
  console.log('\ntargets (docs/performance.md)');
  for (const line of targets) console.log(formatTarget(line));
  writeFileSync(
    join(dir, `chat-${date.replace(/[:.]/g, '-')}.json`),
    JSON.stringify({ date, machine, options: { modes, baseline: !!ARGS['baseline'], ...options }, results, targets }, null, 2),
  );
  if (results.some((r) => (r as { errors?: number }).errors)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
