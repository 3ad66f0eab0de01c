import { Logger } from '@nestjs/common';
import { createTestRedisPrefix, TEST_REDIS_URL, waitFor } from '@eloquent/testing';
import { BusClient } from './bus.client';
import { RedisStreamsServer } from './redis-streams.server';

const PATTERN = 'retrieval.stats';

/** Two replicas of one service on the real bus (Redis), each recording what it handled. */
describe('RedisStreamsServer (real Redis)', () => {
  const prefix = createTestRedisPrefix('busserver');
  const handled: Record<'a' | 'b', number> = { a: 0, b: 0 };
  const finished: Record<'a' | 'b', number> = { a: 0, b: 0 };
  let handlerDelayMs = 20;
  let servers: Record<'a' | 'b', RedisStreamsServer>;
  let client: BusClient;

  const replica = async (name: 'a' | 'b') => {
    const server = new RedisStreamsServer({ redisUrl: TEST_REDIS_URL, prefix: prefix.prefix, service: 'retrieval', drainMs: 5_000 });
    server.addHandler(PATTERN, async () => {
      handled[name]++;
      await new Promise((resolve) => setTimeout(resolve, handlerDelayMs));
      finished[name]++;
      return { replica: name };
    });
    await new Promise<void>((resolve, reject) => void server.listen((error?: unknown) => (error ? reject(error) : resolve())));
    return server;
  };
  const ask = (count: number) => Promise.all(Array.from({ length: count }, () => client.request(PATTERN, {} as never, { timeoutMs: 20_000 })));

  beforeAll(async () => {
    Logger.overrideLogger(false);
    servers = { a: await replica('a'), b: await replica('b') };
    client = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: prefix.prefix, name: 'bus-test', defaultTimeoutMs: 20_000 });
    await waitFor('the client to get replies', () => client.request(PATTERN, {} as never, { timeoutMs: 1_000 }), 20_000, 10);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await Promise.all(Object.values(servers ?? {}).map((s) => s.close()));
    await prefix.cleanup();
  });

  it('spreads a burst over the consumer group: each replica reads one request at a time', async () => {
    const before = { ...handled };
    await ask(30);
    const a = handled.a - before.a;
    const b = handled.b - before.b;
    expect(a + b).toBe(30);
    expect(Math.min(a, b)).toBeGreaterThanOrEqual(5);
  });

  it('stops reading at once when told (SIGTERM), finishes what it read, and the other replica takes the rest', async () => {
    handlerDelayMs = 500;
    const inFlight = ask(6);
    await waitFor('requests in flight on replica a', () => handled.a > finished.a || undefined, 10_000, 5);
    await servers.a.stopReading();
    const handledByA = handled.a;
    handlerDelayMs = 10;
    const replies = await ask(10);
    expect(replies.every((r) => (r as unknown as { replica: string }).replica === 'b')).toBe(true);
    expect(handled.a).toBe(handledByA);
    await inFlight; // what a had read was answered
    expect(finished.a).toBe(handled.a);
  });
});
