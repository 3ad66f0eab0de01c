import { createTestRedisPrefix, startOwnRedis, TEST_REDIS_URL, waitFor, type OwnRedis } from '@eloquent/testing';
import Redis from 'ioredis';
import { AnswerStreamLostError, AnswerStreamWriter } from './answer-stream.writer';

describe('AnswerStreamWriter (real Redis)', () => {
  const prefix = createTestRedisPrefix('writer');
  const redis = new Redis(TEST_REDIS_URL);
  const key = `${prefix.prefix}stream:msg:m1`;
  const entries = async () => (await redis.xrange(key, '-', '+')).map(([, fields]) => JSON.parse(fields[1]));

  afterAll(async () => {
    await prefix.cleanup();
    redis.disconnect();
  });

  it('sends the first turn at once, batches the rest by time, and ends with sources, done and a TTL', async () => {
    const writer = new AnswerStreamWriter(redis, { key, messageId: 'm1', batchMs: 60_000, ttlSeconds: 120, retryMs: 1_000, finalRetryMs: 1_000 });
    // What the generator produces in one turn is one entry, sent without waiting for the batch window.
    writer.token('Hello');
    writer.token(',');
    await waitFor('the first batch', async () => (await entries()).length === 1);
    writer.token(' wor');
    writer.token('ld');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await entries()).toHaveLength(1); // held for the 60 s window
    await writer.flushed(); // as AnswerService does before storing the answer
    writer.sources([]); // waits for `done`, to go in its transaction
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await entries()).map((e: { type: string }) => e.type)).toEqual(['token', 'token']);
    await writer.done({ mode: 'retrieval-only' });
    expect(await entries()).toEqual([
      { type: 'token', messageId: 'm1', seq: 0, text: 'Hello,' },
      { type: 'token', messageId: 'm1', seq: 1, text: ' world' },
      { type: 'sources', messageId: 'm1', sources: [] },
      { type: 'done', messageId: 'm1', mode: 'retrieval-only' },
    ]);
    expect(await redis.ttl(key)).toBeGreaterThan(0);
  });

  it('flushes a batch when its window ends', async () => {
    const timedKey = `${prefix.prefix}stream:msg:m2`;
    const writer = new AnswerStreamWriter(redis, { key: timedKey, messageId: 'm2', batchMs: 20, ttlSeconds: 120, retryMs: 1_000, finalRetryMs: 1_000 });
    writer.token('a');
    await new Promise((resolve) => setImmediate(resolve));
    writer.token('b');
    writer.token('c');
    await waitFor('the timed batch', async () => (await redis.xlen(timedKey)) === 2);
    const texts = (await redis.xrange(timedKey, '-', '+')).map(([, fields]) => JSON.parse(fields[1]).text);
    expect(texts).toEqual(['a', 'bc']);
    await writer.error({ code: 'GENERATION_FAILED', message: 'x' });
  });
});

describe('AnswerStreamWriter across a Redis outage (a Redis server of its own)', () => {
  let own: OwnRedis;
  let redis: Redis;
  const entries = async (key: string) => (await redis.xrange(key, '-', '+')).map(([, fields]) => JSON.parse(fields[1]) as { type: string; seq?: number });

  beforeAll(async () => {
    own = await startOwnRedis();
    redis = new Redis(own.url, { maxRetriesPerRequest: 3 });
    redis.on('error', () => undefined);
  });

  afterAll(async () => {
    redis.disconnect();
    await own.close();
  });

  it('writes everything in order when Redis is back within the retry budget', async () => {
    const writer = new AnswerStreamWriter(redis, { key: 'short', messageId: 'm', batchMs: 10, ttlSeconds: 60, retryMs: 20_000, finalRetryMs: 20_000 });
    writer.token('a');
    await writer.flushed();
    await own.stop();
    for (const piece of ['b', 'c', 'd']) {
      writer.token(piece);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await own.start();
    await writer.done({ mode: 'llm' });
    const written = await entries('short');
    expect(written.map((e) => e.type)).toEqual([...written.slice(0, -1).map(() => 'token'), 'done']);
    expect(written.filter((e) => e.type === 'token').map((e) => e.seq)).toEqual(written.slice(0, -1).map((_, i) => i));
  });

  it('past the budget: never done after a lost write; the error is appended once Redis is back, and last', async () => {
    const writer = new AnswerStreamWriter(redis, { key: 'long', messageId: 'm', batchMs: 10, ttlSeconds: 60, retryMs: 500, finalRetryMs: 20_000 });
    writer.token('a');
    await writer.flushed();
    await own.stop();
    writer.token('b');
    await expect(writer.done({ mode: 'llm' })).rejects.toBeInstanceOf(AnswerStreamLostError);
    const ended = writer.error({ code: 'SERVICE_UNAVAILABLE', message: 'lost' });
    await own.start();
    await ended;
    writer.token('late');
    await writer.error({ code: 'SERVICE_UNAVAILABLE', message: 'again' });
    expect((await entries('long')).map((e) => e.type)).toEqual(['token', 'error']);
  });
});
