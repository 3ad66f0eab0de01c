import { SERVICES, startStack, type RunningStack, type ServiceName } from '@eloquent/runtime';
import { readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { freePort } from './free-port';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestRedisPrefix, TEST_REDIS_URL } from './test-redis';
import { waitFor } from './wait-for';

// From the sources (jest) or from dist/ (benchmarks in tools/bench run built).
const UNLIMITED: NodeJS.ProcessEnv = Object.fromEntries(
  ['GLOBAL', 'USER', 'ANON', 'ANON_IP', 'LLM_MESSAGES', 'LLM_TOKENS'].map((tier) => [`RATE_LIMIT_${tier}`, '1000000000/1m']),
);

export const REPO_ROOT = resolve(__dirname, __dirname.split(sep).includes('dist') ? '../../../..' : '../../..');
const SAMPLE_DIR = join(REPO_ROOT, 'knowledge-base/help-center');
const SAMPLE_SYNONYMS = join(REPO_ROOT, 'knowledge-base/synonyms.txt');
const SAMPLE_DOCUMENTS = readdirSync(SAMPLE_DIR).filter((name) => name.endsWith('.md')).length;

export interface TestStack {
  stack: RunningStack;
  database: TestDatabase;
  prefix: string;
  gatewayUrl: string;
  /** Every JSON log line each service printed, parsed. */
  logs: Record<ServiceName, Array<Record<string, unknown>>>;
  /** The environment the services were started with (for extra replicas: extra-service.ts). */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * The four built services (`dist/`, built by `npm test`) as real processes, on a database
 * and Redis prefix of their own, with the sample knowledge base loaded.
 */
export interface TestStackOptions {
  /** How long each service may take to become ready (default 180 s: a guard against hangs on a busy machine, not a bound). */
  readyTimeoutMs?: number;
  /** Settings for one service only, made from the stack's (e.g. chat's DATABASE_URL through a proxy). */
  serviceEnv?: (stackEnv: NodeJS.ProcessEnv) => Partial<Record<ServiceName, NodeJS.ProcessEnv>>;
  /** Extra node options for every service (startStack's `nodeArgs`). */
  nodeArgs?: readonly string[];
}

export async function startTestStack(label: string, env: NodeJS.ProcessEnv = {}, options: TestStackOptions = {}): Promise<TestStack> {
  const database = await createTestDatabase(label);
  const redis = createTestRedisPrefix(label);
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()]))) as Record<ServiceName, number>;
  const logs = Object.fromEntries(SERVICES.map((s) => [s, []])) as unknown as TestStack['logs'];
  const stackEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // Under `nx run <project>:test` the services write V8 coverage for the report (tools/coverage).
    ...(process.env.CHILD_COVERAGE_DIR ? { NODE_V8_COVERAGE: resolve(REPO_ROOT, process.env.CHILD_COVERAGE_DIR) } : {}),
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redis.prefix,
    SEED_DIR: SAMPLE_DIR,
    SYNONYMS_FILE: SAMPLE_SYNONYMS,
    // The gateway's production rate limits would trip tests that ask many questions
    // quickly; tests of the limits set their own.
    ...UNLIMITED,
    ...env,
  };
  const stack = await startStack({
    root: REPO_ROOT,
    ports,
    env: stackEnv,
    serviceEnv: options.serviceEnv?.(stackEnv) ?? {},
    nodeArgs: options.nodeArgs,
    // A guard against hangs, not a performance bound: start-up is slow when tests share a busy machine.
    readyTimeoutMs: options.readyTimeoutMs ?? 180_000,
    onLine: (service, line) => {
      try {
        logs[service].push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs[service].push({ msg: line });
      }
    },
  }).catch(async (error: unknown) => {
    await database.drop();
    await redis.cleanup();
    throw error;
  });
  await waitFor(
    'the sample knowledge base to load',
    async () => {
      const report = (await fetch(`http://127.0.0.1:${ports.retrieval}/health/ready`).then((r) => r.json())) as {
        details?: { index?: { documents?: number } };
      };
      return (report.details?.index?.documents ?? 0) >= SAMPLE_DOCUMENTS;
    },
    options.readyTimeoutMs ?? 180_000,
    200,
  );
  return {
    stack,
    database,
    prefix: redis.prefix,
    gatewayUrl: `http://127.0.0.1:${ports.gateway}`,
    logs,
    env: stackEnv,
    stop: async () => {
      await stack.stop();
      await database.drop();
      await redis.cleanup();
    },
  };
}
