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

  it('sends the first token at once, batches the rest, and ends with done and a TTL', async () => {
    const writer = new AnswerStreamWriter(redis, { key, messageId: 'm1', batchMs: 60_000, batchMax: 3, ttlSeconds: 120 });
    writer.token('Hello');
    await waitFor('the first token', async () => (await entries()).length === 1);
    writer.token(' wor');
    writer.token('ld');
    expect(await entries()).toHaveLength(1); // held for the batch
    writer.token('!'); // batchMax reached
    await writer.done({ mode: 'retrieval-only' });
    expect(await entries()).toEqual([
      { type: 'token', messageId: 'm1', seq: 0, text: 'Hello' },
      { type: 'token', messageId: 'm1', seq: 1, text: ' world!' },
      { type: 'done', messageId: 'm1', mode: 'retrieval-only' },
    ]);
    expect(await redis.ttl(key)).toBeGreaterThan(0);
  });
});
