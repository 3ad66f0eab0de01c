import {
  ask,
  connectSocket,
  fetchCookie,
  postgresSocketDirectory,
  startOwnRedis,
  startTestStack,
  viaUnixSocket,
  type OwnRedis,
  type TestStack,
} from '@eloquent/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';

/**
 * On one host the services can reach Redis and Postgres over Unix sockets instead of loopback
 * TCP (docs/deployment.md, "One host: Unix sockets"): `REDIS_URL` as the socket's path, and
 * `DATABASE_URL` with `?host=<socket directory>`. Here Redis listens on a socket only (no TCP
 * port at all) and chat and retrieval reach Postgres through its socket directory, which the
 * server itself names (`unix_socket_directories`).
 */
describe('the stack over Unix sockets', () => {
  let redis: OwnRedis;
  let env: TestStack;
  let socketDatabaseUrl: string;
  let socket: Socket;

  beforeAll(async () => {
    redis = await startOwnRedis({ unixSocket: true });
    const directory = await postgresSocketDirectory();
    env = await startTestStack(
      'unixsockets',
      { REDIS_URL: redis.url },
      {
        serviceEnv: (stackEnv) => {
          socketDatabaseUrl = viaUnixSocket(stackEnv.DATABASE_URL!, directory);
          return { chat: { DATABASE_URL: socketDatabaseUrl }, retrieval: { DATABASE_URL: socketDatabaseUrl } };
        },
      },
    );
    socket = await connectSocket(env.gatewayUrl, await fetchCookie(`${env.gatewayUrl}/health`));
  }, 300_000);

  afterAll(async () => {
    socket?.close();
    await env?.stop();
    await redis?.close();
  });

  it('answers a question with its sources, every service on the Redis socket and the database services on the Postgres socket', async () => {
    const answer = await ask(socket, { content: 'How do I dispute a card transaction?' });
    expect(answer.done).toEqual(expect.objectContaining({ mode: 'retrieval-only' }));
    expect(answer.sources!.sources.map((s) => s.url)).toContain('https://help.lumenbank.example/disputes/dispute-a-card-transaction');

    // Redis has no TCP listener: every service's connections are on the socket.
    const admin = new Redis(redis.url);
    try {
      const clients = String(await admin.call('CLIENT', 'LIST'));
      for (const service of ['gateway', 'chat', 'retrieval', 'embedding']) expect(clients).toMatch(new RegExp(`name=${service}-\\S*`));
    } finally {
      admin.disconnect();
    }

    // Postgres: the stack's database is reached through the socket only (no client address).
    const db = new Client({ connectionString: socketDatabaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ socket: number; tcp: number }>(
        `SELECT count(*) FILTER (WHERE client_addr IS NULL)::int AS socket, count(*) FILTER (WHERE client_addr IS NOT NULL)::int AS tcp
         FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
      );
      expect(rows[0].tcp).toBe(0);
      expect(rows[0].socket).toBeGreaterThan(1); // chat's and retrieval's pools, and this connection
    } finally {
      await db.end();
    }
  });
});
