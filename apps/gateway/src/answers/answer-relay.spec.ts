import { Logger } from '@nestjs/common';
import { answerStreamKey, relayWakeKey, type AnswerStreamEntry } from '@eloquent/contracts';
import { createTestRedisPrefix, TEST_REDIS_URL, waitFor } from '@eloquent/testing';
import Redis from 'ioredis';
import type { GatewayConfig } from '../config';
import { AnswerRelay } from './answer-relay';

/** The relay's wake stream on the real Redis: woken per new answer, its TTL set per quarter of it. */
describe('AnswerRelay wake stream (real Redis)', () => {
  const prefix = createTestRedisPrefix('relay');
  let redis: Redis;
  let relay: AnswerRelay;

  beforeAll(() => {
    Logger.overrideLogger(false);
    redis = new Redis(TEST_REDIS_URL);
    relay = new AnswerRelay(redis, prefix.prefix, { REDIS_URL: TEST_REDIS_URL } as GatewayConfig);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await relay.onApplicationShutdown();
    redis.disconnect();
    await prefix.cleanup();
  });

  it('appends a wake entry per new answer but sets the TTL again only once a quarter of it has passed', async () => {
    const xadd = jest.spyOn(redis, 'xadd');
    const pexpire = jest.spyOn(redis, 'pexpire');
    let answers = 0;
    /** Follows new answers until the relay has appended `count` wake entries in all (one per read it interrupts). */
    const wakeUntil = (count: number) =>
      waitFor(`${count} wake entries`, () => {
        relay.follow(`m${answers++}`, () => undefined);
        return xadd.mock.calls.length >= count || undefined;
      });

    await wakeUntil(4);
    const wakeKey = String(xadd.mock.calls[0][0]);
    expect(wakeKey.startsWith(`${prefix.prefix}relay:wake:`)).toBe(true);
    expect(pexpire).toHaveBeenCalledTimes(1);
    const ttl = await redis.pttl(wakeKey);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);

    // 16 s on (past a quarter of the 60 s TTL): the next wake entry sets it again.
    const now = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => now() + 16_000);
    await redis.persist(wakeKey);
    await wakeUntil(xadd.mock.calls.length + 1);
    expect(pexpire).toHaveBeenCalledTimes(2);
    expect(await redis.pttl(wakeKey)).toBeGreaterThan(0);
  });

  it("follows an answer whose writer wakes it without a wake entry of its own, delivering what the wake carries; once the writer's wake was read, a follow wakes the read itself", async () => {
    const xadd = jest.spyOn(redis, 'xadd');
    // Another answer keeps a blocking read in flight (and may wake it once).
    const stopOther = relay.follow('other', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    xadd.mockClear();

    /** What chat's writer does (AnswerStreamWriter with `wakeKey`): the entries, and the wake carrying them, in one transaction. */
    const write = (messageId: string, { toStream = true } = {}) => {
      const entries = [
        ['1-1', JSON.stringify({ type: 'token', messageId, seq: 0, text: 'Hi' })],
        ['1-2', JSON.stringify({ type: 'done', messageId, mode: 'retrieval-only' })],
      ];
      const tx = redis.multi();
      if (toStream) for (const [id, entry] of entries) tx.xadd(answerStreamKey(prefix.prefix, messageId), id, 'e', entry);
      return tx.xadd(relayWakeKey(prefix.prefix, relay.id), 'MAXLEN', '~', 1000, '*', 'm', messageId, ...entries.flat()).exec();
    };

    // Delivered from the wake alone: the answer's stream is not read (here it does not even exist).
    const first: AnswerStreamEntry[] = [];
    relay.follow('w1', (entry) => first.push(entry), '0', true);
    await write('w1', { toStream: false });
    await waitFor('the answer', () => first.length === 2);
    expect(first.map((e) => e.type)).toEqual(['token', 'done']);
    expect(xadd).not.toHaveBeenCalled();

    // The writer was quicker than the follow: its wake has been read, so the relay wakes itself.
    await write('w2');
    const woken = (relay as unknown as { woken: Map<string, number> }).woken;
    await waitFor("the writer's wake to be read", () => woken.has('w2'));
    const second: AnswerStreamEntry[] = [];
    relay.follow('w2', (entry) => second.push(entry), '0', true);
    expect(xadd).toHaveBeenCalledTimes(1);
    await waitFor('the answer', () => second.length === 2);
    stopOther();
  });
});
