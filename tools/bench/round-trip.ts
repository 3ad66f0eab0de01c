/**
 * `npm run bench:round-trip [-- --requests 5000 --rounds 3]`: what one round trip to Redis or
 * Postgres costs the calling process on this machine, with nothing of ours around it — the
 * floor under every command the answer path sends (docs/performance.md §7, "The floor").
 * Each way is timed one request at a time (as at low load, where nothing is coalesced),
 * after one unmeasured round: CPU per request is user + system of this process
 * (`process.cpuUsage`), so it holds on a busy machine; the server's own CPU is not counted.
 *
 * - `redis-socket`: a bare TCP socket writing `PING` and waiting for `+PONG` (no client library);
 * - `ioredis`, `ioredis-auto-pipelining`: `PING` through ioredis as libs/redis creates it,
 *   without and with auto-pipelining (which defers every command to the next event-loop
 *   turn to batch it with others; alone it pays for that turn);
 * - `pg`: `SELECT 1` through a node-postgres pool of one connection.
 */
import { TEST_REDIS_URL } from '@eloquent/testing';
import Redis from 'ioredis';
import { connect, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { cli, numberOption } from '@eloquent/cli';

const ARGS = cli({
  usage: 'npm run bench:round-trip -- [options]',
  description: 'CPU per round trip to Redis (bare socket, ioredis) and Postgres (pg), one request at a time.',
  options: {
    requests: { type: 'string', description: 'requests per round', default: '5000', hint: 'n' },
    rounds: { type: 'string', description: 'measured rounds per way (one unmeasured round first)', default: '3', hint: 'n' },
    'database-url': {
      type: 'string',
      description: 'Postgres to send SELECT 1 to',
      default: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      hint: 'url',
    },
  },
}).values;

type Send = () => Promise<unknown>;

/** A bare socket's PING: one write, one reply read, no client library. */
async function socketPing(url: string): Promise<{ send: Send; close(): void }> {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port || 6379), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return {
    send: () =>
      new Promise<void>((resolve) => {
        socket.once('data', () => resolve());
        socket.write('*1\r\n$4\r\nPING\r\n');
      }),
    close: () => socket.destroy(),
  };
}

async function measure(send: Send, requests: number) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < requests; i++) await send();
  const used = process.cpuUsage(cpu);
  return {
    cpuUsPerRequest: Math.round(((used.user + used.system) / requests) * 10) / 10,
    systemUsPerRequest: Math.round((used.system / requests) * 10) / 10,
    wallUsPerRequest: Math.round(((performance.now() - started) * 1000) / requests),
    loadAverage: loadavg()[0],
  };
}

async function main() {
  const requests = numberOption('requests', ARGS.requests);
  const rounds = numberOption('rounds', ARGS.rounds);
  const socket = await socketPing(TEST_REDIS_URL);
  const plain = new Redis(TEST_REDIS_URL, { enableAutoPipelining: false });
  const pipelined = new Redis(TEST_REDIS_URL, { enableAutoPipelining: true });
  const pool = new Pool({ connectionString: ARGS['database-url'], max: 1, connectionTimeoutMillis: 5_000 });
  const ways: Array<[string, Send]> = [
    ['redis-socket', socket.send],
    ['ioredis', () => plain.ping()],
    ['ioredis-auto-pipelining', () => pipelined.ping()],
    ['pg', () => pool.query('SELECT 1')],
  ];
  try {
    for (const [, send] of ways) await measure(send, Math.min(requests, 1000)); // warm-up
    // The ways alternate round by round, so a change in the machine's load touches all of them.
    for (let round = 1; round <= rounds; round++) {
      for (const [way, send] of ways) console.log(JSON.stringify({ way, round, requests, ...(await measure(send, requests)) }));
    }
  } finally {
    socket.close();
    plain.disconnect();
    pipelined.disconnect();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
