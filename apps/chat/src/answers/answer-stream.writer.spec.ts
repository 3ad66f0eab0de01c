import { createTestRedisPrefix, startOwnRedis, startTcpProxy, TEST_REDIS_URL, waitFor, type OwnRedis } from '@eloquent/testing';
import Redis from 'ioredis';
import { AnswerStreamLostError, AnswerStreamWriter } from './answer-stream.writer';

describe('AnswerStreamWriter (real Redis)', () => {
  const prefix = createTestRedisPrefix('writer');
  const redis = new Redis(TEST_REDIS_URL);
  const key = `${prefix.prefix}stream:msg:m1`;
  const entries = async (streamKey = key) => (await redis.xrange(streamKey, '-', '+')).map(([, fields]) => JSON.parse(fields[1]));

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

// MONITOR shows every client's commands, and ioredis' monitor connection fails ("Command queue
// state error") when another client's command arrives with the reply to MONITOR itself: on the
// shared Redis, which other tests and benches use meanwhile, it did. A server of its own is quiet.
describe('AnswerStreamWriter on the wire (a Redis server of its own, watched with MONITOR)', () => {
  let own: OwnRedis;
  let redis: Redis;

  beforeAll(async () => {
    own = await startOwnRedis();
    redis = new Redis(own.url);
  });

  afterAll(async () => {
    redis.disconnect();
    await own.close();
  });

  it('ends the stream with one script: sources, done and the TTL at once, in the usual entry format', async () => {
    const endKey = 'stream:msg:m4';
    const writer = new AnswerStreamWriter(redis, { key: endKey, messageId: 'm4', batchMs: 60_000, ttlSeconds: 120, retryMs: 1_000, finalRetryMs: 1_000 });
    writer.token('Hi');
    await writer.flushed(); // as AnswerService does before it stores the answer
    const commands = await recordCommands(redis);
    const citation = { n: 1, documentId: 'd', chunkId: 'c', title: 'T', url: 'https://help.example/t', snippet: 's' };
    writer.sources([citation]);
    await writer.done({ mode: 'llm' });
    // One command: EVALSHA, or EVAL while Redis does not know the script yet.
    expect((await commands.stop()).map(([name]) => name)).toEqual([expect.stringMatching(/^evalsha$|^eval$/)]);
    expect(await redis.xrange(endKey, '-', '+')).toEqual([
      [expect.any(String), ['e', JSON.stringify({ type: 'token', messageId: 'm4', seq: 0, text: 'Hi' })]],
      [expect.any(String), ['e', JSON.stringify({ type: 'sources', messageId: 'm4', sources: [citation] })]],
      [expect.any(String), ['e', JSON.stringify({ type: 'done', messageId: 'm4', mode: 'llm' })]],
    ]);
    expect(await redis.ttl(endKey)).toBeGreaterThan(0);
  });

  it('writes an answer known whole at once with its end: one script for its tokens, sources and done, nothing before', async () => {
    const wholeKey = 'stream:msg:m5';
    const writer = new AnswerStreamWriter(redis, { key: wholeKey, messageId: 'm5', batchMs: 60_000, ttlSeconds: 120, retryMs: 1_000, finalRetryMs: 1_000 });
    const commands = await recordCommands(redis);
    writer.writeWhole();
    writer.token('Hello');
    writer.token(' world');
    await writer.flushed(); // as AnswerService does before it stores the answer: nothing is written yet
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await redis.exists(wholeKey)).toBe(0);
    writer.sources([]);
    await writer.done({ mode: 'retrieval-only' });
    expect((await commands.stop()).map(([name]) => name)).toEqual(['exists', expect.stringMatching(/^evalsha$|^eval$/)]);
    expect((await redis.xrange(wholeKey, '-', '+')).map(([, fields]) => JSON.parse(fields[1]))).toEqual([
      { type: 'token', messageId: 'm5', seq: 0, text: 'Hello world' },
      { type: 'sources', messageId: 'm5', sources: [] },
      { type: 'done', messageId: 'm5', mode: 'retrieval-only' },
    ]);
    expect(await redis.ttl(wholeKey)).toBeGreaterThan(0);
  });

  it('ends a whole answer that failed with its tokens and the error in one script', async () => {
    const failedKey = 'stream:msg:m6';
    const writer = new AnswerStreamWriter(redis, { key: failedKey, messageId: 'm6', batchMs: 60_000, ttlSeconds: 120, retryMs: 1_000, finalRetryMs: 1_000 });
    writer.writeWhole();
    writer.token('Hello');
    const commands = await recordCommands(redis);
    await writer.error({ code: 'DATABASE_UNAVAILABLE', message: 'x' });
    writer.token('late');
    await writer.error({ code: 'DATABASE_UNAVAILABLE', message: 'again' });
    expect((await commands.stop()).map(([name]) => name)).toEqual([expect.stringMatching(/^evalsha$|^eval$/)]);
    expect((await redis.xrange(failedKey, '-', '+')).map(([, fields]) => JSON.parse(fields[1]).type)).toEqual(['token', 'error']);
  });

  it('wakes the relay that follows the answer with its first write, in the same transaction or script, and only then', async () => {
    const options = { batchMs: 60_000, ttlSeconds: 120, retryMs: 1_000, finalRetryMs: 1_000, wakeKey: 'relay:wake:r1' };
    const streamed = new AnswerStreamWriter(redis, { ...options, key: 'stream:msg:m8', messageId: 'm8' });
    const commands = await recordCommands(redis);
    streamed.token('Hi');
    await streamed.flushed();
    expect((await commands.stop()).map(([name]) => name)).toEqual(['multi', 'xadd', 'xadd', 'pexpire', 'exec']);
    streamed.token(' there');
    await streamed.flushed();
    await streamed.done({ mode: 'llm' });
    const whole = new AnswerStreamWriter(redis, { ...options, key: 'stream:msg:m9', messageId: 'm9' });
    whole.writeWhole();
    whole.token('Hello');
    await whole.done({ mode: 'retrieval-only' });
    // The end script's wake carries the entries it wrote, with their ids; a transaction's does not.
    const m9 = await redis.xrange('stream:msg:m9', '-', '+');
    expect((await redis.xrange('relay:wake:r1', '-', '+')).map(([, fields]) => fields)).toEqual([
      ['m', 'm8'],
      ['m', 'm9', ...m9.flatMap(([id, fields]) => [id, fields[1]])],
    ]);
    expect(await redis.pttl('relay:wake:r1')).toBeGreaterThan(0);
    expect(await redis.xlen('stream:msg:m9')).toBe(2);
  });

  it('writes as usual once something was written: writeWhole comes too late', async () => {
    const lateKey = 'stream:msg:m7';
    const writer = new AnswerStreamWriter(redis, { key: lateKey, messageId: 'm7', batchMs: 60_000, ttlSeconds: 120, retryMs: 1_000, finalRetryMs: 1_000 });
    writer.token('Hi');
    await writer.flushed();
    writer.writeWhole();
    writer.token(' there');
    await writer.flushed();
    expect(await redis.xlen(lateKey)).toBe(2);
    await writer.done({ mode: 'llm' });
    expect(await redis.xlen(lateKey)).toBe(3);
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

  it('gives the end of the stream up when its budget ends, though ioredis would send it again once reconnected', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(own.url).port) });
    const viaProxy = new Redis(`redis://127.0.0.1:${proxy.port}`, { maxRetriesPerRequest: 3 });
    viaProxy.on('error', () => undefined);
    try {
      const writer = new AnswerStreamWriter(viaProxy, { key: 'unanswered', messageId: 'm', batchMs: 10, ttlSeconds: 60, retryMs: 500, finalRetryMs: 500 });
      writer.token('a');
      await writer.flushed();
      // A blocking read holds the connection, so the end is sent but not answered when the link is cut.
      const blocked = viaProxy.blpop('nothing', 30).catch(() => undefined);
      const ended = writer.done({ mode: 'llm' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await proxy.cut();
      await expect(ended).rejects.toBeInstanceOf(AnswerStreamLostError);
      await proxy.restore();
      await blocked;
    } finally {
      viaProxy.disconnect();
      await proxy.close();
    }
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

/**
 * The commands `client` sends from now until `stop()` (lower-case name, then its arguments), as
 * Redis' MONITOR shows them: what goes over the wire, not what the code meant to send.
 */
async function recordCommands(client: Redis): Promise<{ stop(): Promise<string[][]> }> {
  const address = /(?:^| )addr=(\S+)/.exec(String(await client.client('INFO')))?.[1];
  // Resolves once Redis answered MONITOR: every command after this is shown.
  const monitor = await client.monitor(); // a connection of its own
  const sent: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source === address) sent.push([args[0].toLowerCase(), ...args.slice(1)]);
  });
  return {
    async stop() {
      // The monitor connection sees a command once Redis ran it; a PING through `client` marks the end.
      await client.ping();
      await waitFor('the monitor to catch up', () => sent.some((args) => args[0] === 'ping'));
      monitor.disconnect();
      return sent.filter((args) => args[0] !== 'ping');
    },
  };
}
