import { Logger } from '@nestjs/common';
import { createTestRedisPrefix, TEST_REDIS_URL, waitFor } from '@eloquent/testing';
import Redis from 'ioredis';
import { BusClient } from './bus.client';
import { RedisStreamsServer } from './redis-streams.server';

const PATTERN = 'retrieval.stats';

/** Two replicas of one service on the real bus (Redis), each recording what it handled. */
describe('RedisStreamsServer (real Redis)', () => {
  const prefix = createTestRedisPrefix('busserver');
  const handled: Record<'a' | 'b', number> = { a: 0, b: 0 };
  const finished: Record<'a' | 'b', number> = { a: 0, b: 0 };
  let handlerDelayMs = 20;
  /** When set, handlers wait for it to resolve (instead of a delay). */
  let gate: Promise<void> | undefined;
  let servers: Record<'a' | 'b', RedisStreamsServer>;
  let client: BusClient;

  const replica = async (name: 'a' | 'b') => {
    const server = new RedisStreamsServer({ redisUrl: TEST_REDIS_URL, prefix: prefix.prefix, service: 'retrieval', drainMs: 5_000 });
    server.addHandler(PATTERN, async () => {
      handled[name]++;
      await (gate ?? new Promise((resolve) => setTimeout(resolve, handlerDelayMs)));
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

  it('acknowledges an entry as it is read (at most once): while its handler runs, nothing is pending and the entry is trimmed from the stream', async () => {
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    const before = handled.a + handled.b;
    const reply = client.request(PATTERN, {} as never, { timeoutMs: 20_000 });
    const stream = `${prefix.prefix}bus:retrieval`;
    const raw = new Redis(TEST_REDIS_URL);
    try {
      await waitFor('the request to be read', () => handled.a + handled.b > before || undefined, 10_000, 5);
      // No pending entry that a crash could leave behind for redelivery; the stream keeps only unread requests.
      expect(((await raw.xpending(stream, 'retrieval')) as [number])[0]).toBe(0);
      await waitFor('the read entry to be trimmed', async () => (await raw.xlen(stream)) === 0 || undefined, 10_000, 5);
      expect(finished.a + finished.b).toBe(before); // the handler is still waiting
    } finally {
      gate = undefined;
      release();
      raw.disconnect();
    }
    await reply;
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

/** One replica that handles one request at a time, trimming every 50 ms. */
describe('RedisStreamsServer trims what it has read (real Redis)', () => {
  const prefix = createTestRedisPrefix('bustrim');
  const stream = `${prefix.prefix}bus:retrieval`;
  let gate: Promise<void> | undefined;
  let read = 0;
  let server: RedisStreamsServer;
  let client: BusClient;
  let raw: Redis;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    server = new RedisStreamsServer({ redisUrl: TEST_REDIS_URL, prefix: prefix.prefix, service: 'retrieval', concurrency: 1, trimIntervalMs: 50 });
    server.addHandler(PATTERN, async () => {
      read++;
      await gate;
      return { ok: true };
    });
    await new Promise<void>((resolve, reject) => void server.listen((error?: unknown) => (error ? reject(error) : resolve())));
    client = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: prefix.prefix, name: 'bus-trim-test', defaultTimeoutMs: 20_000 });
    raw = new Redis(TEST_REDIS_URL);
    await waitFor('the client to get replies', () => client.request(PATTERN, {} as never, { timeoutMs: 1_000 }), 20_000, 10);
  }, 60_000);

  afterAll(async () => {
    raw?.disconnect();
    await client?.close();
    await server?.close();
    await prefix.cleanup();
  });

  it('keeps the requests not read yet and removes the ones read', async () => {
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    const before = read;
    const replies = Promise.all(Array.from({ length: 3 }, () => client.request(PATTERN, {} as never, { timeoutMs: 20_000 })));
    try {
      await waitFor('one request to be read', () => read > before || undefined, 10_000, 5);
      await waitFor('the stream to keep only the two unread requests', async () => (await raw.xlen(stream)) === 2 || undefined, 10_000, 5);
      // Trimming never takes what no replica has read: several intervals later both are still there.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await raw.xlen(stream)).toBe(2);
      expect(read - before).toBe(1);
    } finally {
      gate = undefined;
      release();
    }
    await replies;
    expect(read - before).toBe(3);
    await waitFor('the stream to be empty once all are read', async () => (await raw.xlen(stream)) === 0 || undefined, 10_000, 5);
  });

  it('does not grow with the requests it serves', async () => {
    await Promise.all(Array.from({ length: 500 }, () => client.request(PATTERN, {} as never, { timeoutMs: 20_000 })));
    await waitFor('the stream to be empty after 500 requests', async () => (await raw.xlen(stream)) === 0 || undefined, 10_000, 5);
  });
});
