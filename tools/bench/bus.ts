/**
 * `npm run bench:bus [-- --requests 5000 --concurrency 20 --rounds 5]`: what one bus round trip
 * costs the processes that make it, without the services around it. One process holds a
 * `BusClient` and a `RedisStreamsServer` (a handler that answers at once) on the real Redis;
 * `--requests` requests, `--concurrency` in flight, are timed per round, after one unmeasured
 * round. CPU per request (user + system of this process, from `process.cpuUsage`) counts
 * both ends of a hop: the caller's XADD and reply, the server's read, acknowledgement, handler
 * call and PUBLISH. Redis's own CPU is not counted.
 *
 * To compare two builds, run the built file of one against the other's libraries (it loads
 * `libs/bus` relative to itself): copy `dist/tools/bench/bus.js` into the other worktree's
 * `dist/tools/bench/` and alternate (docs/performance.md, cuts 9–11).
 */
import { Logger } from '@nestjs/common';
import { BusClient, RedisStreamsServer } from '@eloquent/bus';
import { createTestRedisPrefix, TEST_REDIS_URL } from '@eloquent/testing';
import { loadavg } from 'node:os';
import { cli } from '@eloquent/cli';

const ARGS = cli({
  usage: 'npm run bench:bus -- [options]',
  description: 'CPU and time per bus round trip (client and server in one process, real Redis).',
  options: {
    requests: { type: 'string', description: 'requests per round', default: '5000', hint: 'n' },
    concurrency: { type: 'string', description: 'requests in flight', default: '20', hint: 'n' },
    rounds: { type: 'string', description: 'measured rounds (one unmeasured round first)', default: '5', hint: 'n' },
  },
}).values;

const PATTERN = 'retrieval.stats';

async function round(client: BusClient, requests: number, concurrency: number) {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (next++ < requests) await client.request(PATTERN, {} as never, { timeoutMs: 30_000 });
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  return {
    cpuUsPerRequest: Math.round(((used.user + used.system) / requests) * 10) / 10,
    wallUsPerRequest: Math.round(((performance.now() - started) * 1000) / requests),
    loadAverage: loadavg()[0],
  };
}

async function main() {
  Logger.overrideLogger(false);
  const prefix = createTestRedisPrefix('benchbus');
  const server = new RedisStreamsServer({ redisUrl: TEST_REDIS_URL, prefix: prefix.prefix, service: 'retrieval' });
  server.addHandler(PATTERN, async () => ({ ok: true }));
  await new Promise<void>((resolve, reject) => void server.listen((error?: unknown) => (error ? reject(error) : resolve())));
  const client = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: prefix.prefix, name: 'bench-bus', defaultTimeoutMs: 30_000 });
  const requests = Number(ARGS.requests);
  const concurrency = Number(ARGS.concurrency);
  try {
    await round(client, requests, concurrency); // warm-up
    for (let i = 1; i <= Number(ARGS.rounds); i++)
      console.log(JSON.stringify({ round: i, requests, concurrency, ...(await round(client, requests, concurrency)) }));
  } finally {
    await client.close();
    await server.close();
    await prefix.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
