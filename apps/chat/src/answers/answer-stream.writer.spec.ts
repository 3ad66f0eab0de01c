import { createTestRedisPrefix, TEST_REDIS_URL, waitFor } from '@eloquent/testing';
import Redis from 'ioredis';
import { AnswerStreamWriter } from './answer-stream.writer';

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
    const writer = new AnswerStreamWriter(redis, { key, messageId: 'm1', batchMs: 60_000, ttlSeconds: 120 });
    // What the generator produces in one turn is one entry, sent without waiting for the batch window.
    writer.token('Hello');
    writer.token(',');
    await waitFor('the first batch', async () => (await entries()).length === 1);
    writer.token(' wor');
    writer.token('ld');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await entries()).toHaveLength(1); // held for the 60 s window
    writer.sources([]);
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
    const writer = new AnswerStreamWriter(redis, { key: timedKey, messageId: 'm2', batchMs: 20, ttlSeconds: 120 });
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
