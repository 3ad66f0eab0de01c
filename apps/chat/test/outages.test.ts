import { answerStreamKey, SocketEvents, type AnswerStreamEntry, type ChatSendAck } from '@eloquent/contracts';
import {
  connectSocket,
  fetchCookie,
  RATE_LIMITS_OFF,
  startFakeAnthropic,
  startOwnRedis,
  startTcpProxy,
  startTestStack,
  waitFor,
  type FakeAnthropic,
  type OwnRedis,
  type TcpProxy,
  type TestStack,
} from '@eloquent/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { AnswerEvents, send } from './answer-events';

/** About 3 s of Claude at 20 words/s. */
const ANSWER = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ') + ' [1].';
const QUESTION = 'How do I freeze my card?';

/**
 * Outages on the real services (docs/failure-modes.md): Redis stopped and restarted (a Redis
 * server of this test's own), and Postgres made unreachable for the chat service's pool (a
 * TCP proxy between chat and the shared Postgres is cut). Every fault must end in one
 * outcome that the client's events, the answer's stream and the row agree on.
 */
describe('outages: Redis and Postgres going away', () => {
  let fake: FakeAnthropic;
  let ownRedis: OwnRedis;
  let proxy: TcpProxy;
  let env: TestStack;
  let socket: Socket;
  let cookie: string;
  let db: Client;
  let redis: Redis;

  beforeAll(async () => {
    fake = await startFakeAnthropic(() => ({ kind: 'text', text: ANSWER, tokenDelayMs: 50 }));
    ownRedis = await startOwnRedis();
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
    env = await startTestStack(
      'outages',
      { ...RATE_LIMITS_OFF, REDIS_URL: ownRedis.url, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: fake.url, ANSWER_STORE_WAIT_MS: '2000' },
      { serviceEnv: (stackEnv) => ({ chat: { DATABASE_URL: throughProxy(stackEnv.DATABASE_URL!, proxy.port) } }) },
    );
    cookie = await fetchCookie(`${env.gatewayUrl}/health`);
    socket = await connectSocket(env.gatewayUrl, cookie);
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    redis = new Redis(ownRedis.url, { maxRetriesPerRequest: null });
  }, 400_000);

  afterAll(async () => {
    socket?.close();
    redis?.disconnect();
    await db?.end();
    await env?.stop();
    await proxy?.close();
    await ownRedis?.close();
    await fake?.close();
  });

  const row = async (messageId: string) =>
    (await db.query('SELECT status, content, error_code FROM chat.messages WHERE id = $1', [messageId])).rows[0] as {
      status: string;
      content: string;
      error_code: string | null;
    };
  const streamEntries = async (messageId: string): Promise<AnswerStreamEntry[]> =>
    (await redis.xrange(answerStreamKey(env.prefix, messageId), '-', '+')).map(([, fields]) => JSON.parse(fields[1]) as AnswerStreamEntry);

  /** Asks `count` questions and waits until each answer's first tokens arrived. */
  async function askStreaming(count: number) {
    const answers = await Promise.all(Array.from({ length: count }, () => send(socket, { content: QUESTION })));
    for (const { events } of answers) await events.until('the first tokens', () => events.tokens.length > 0);
    return answers;
  }

  /** The stream holds seq 0..n without a gap, exactly one terminal entry, and it is the last. */
  function expectWellFormed(entries: AnswerStreamEntry[]): void {
    const tokens = entries.filter((e) => e.type === 'token');
    expect(tokens.map((t) => t.seq)).toEqual(tokens.map((_, i) => i));
    const terminal = entries.filter((e) => e.type === 'done' || e.type === 'error');
    expect(terminal).toHaveLength(1);
    expect(entries[entries.length - 1]).toBe(terminal[0]);
  }

  const tokenText = (entries: AnswerStreamEntry[]) => entries.flatMap((e) => (e.type === 'token' ? [e.text] : [])).join('');
  const contiguous = (events: AnswerEvents) => events.tokens.every((t, i) => t.seq === i);

  it('a 2 s Redis restart mid-answer: every answer completes whole — client, stream and row agree', async () => {
    const answers = await askStreaming(4);
    await ownRedis.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await ownRedis.start();

    for (const { messageId, events } of answers) {
      await events.until('the end of the answer', () => events.ended, 30_000);
      expect(events.error).toBeUndefined();
      expect(events.done).toEqual(expect.objectContaining({ messageId, mode: 'llm' }));
      expect(contiguous(events)).toBe(true);
      expect(events.text).toBe(ANSWER);
      expect(events.order.slice(-2)).toEqual(['sources', 'done']);

      const entries = await streamEntries(messageId);
      expectWellFormed(entries);
      expect(tokenText(entries)).toBe(ANSWER);
      expect(entries[entries.length - 1].type).toBe('done');
      expect(await row(messageId)).toEqual({ status: 'complete', content: ANSWER, error_code: null });

      // A resume after the restart replays the whole answer, not from the middle.
      const replay = AnswerEvents.on(socket, () => messageId);
      const ack = await socket.timeout(5_000).emitWithAck(SocketEvents.resume, { messageId, lastSeq: -1 });
      expect(ack).toEqual(expect.objectContaining({ replaying: true }));
      await replay.until('the replay', () => replay.ended);
      replay.detach();
      expect(replay.text).toBe(ANSWER);
    }
  }, 90_000);

  it('Redis down past the stream-write budget: the answers end failed, never done after a lost write', async () => {
    const answers = await askStreaming(2);
    await ownRedis.stop();
    await new Promise((resolve) => setTimeout(resolve, 7_000)); // > STREAM_WRITE_RETRY_MS (5 s)
    await ownRedis.start();

    for (const { messageId, events } of answers) {
      await waitFor('the stream to end', async () => (await streamEntries(messageId)).some((e) => e.type === 'error' || e.type === 'done'), 40_000).catch(
        async (error: unknown) => {
          console.log(
            JSON.stringify(await streamEntries(messageId)),
            env.logs.gateway
              .slice(-40)
              .map((l) => JSON.stringify(l).slice(0, 300))
              .join('\n'),
          );
          throw error;
        },
      );
      await events
        .until('the end of the answer', () => events.ended, 10_000)
        .catch((error: unknown) => {
          console.log(
            JSON.stringify(events.order),
            env.logs.gateway
              .slice(-40)
              .map((l) => JSON.stringify(l).slice(0, 300))
              .join('\n'),
          );
          throw error;
        });
      expect(events.done).toBeUndefined();
      expect(events.error).toEqual(expect.objectContaining({ messageId, code: 'SERVICE_UNAVAILABLE' }));
      expect(contiguous(events)).toBe(true);

      const entries = await streamEntries(messageId);
      expectWellFormed(entries);
      expect(entries[entries.length - 1]).toEqual(expect.objectContaining({ type: 'error', code: 'SERVICE_UNAVAILABLE' }));
      expect(tokenText(entries)).toBe(events.text);
      await waitFor('the failed row', async () => (await row(messageId)).status !== 'streaming');
      const stored = await row(messageId);
      expect(stored).toEqual({ status: 'failed', content: expect.any(String), error_code: 'SERVICE_UNAVAILABLE' });
      // What the client saw is a prefix of what was stored (the rest could not be streamed).
      expect(stored.content.startsWith(events.text)).toBe(true);
    }
  }, 90_000);

  it('Postgres unreachable: chat:send and REST answer SERVICE_UNAVAILABLE (503) with a retry hint, not INTERNAL', async () => {
    await proxy.cut();
    try {
      const ack = (await socket.timeout(15_000).emitWithAck(SocketEvents.send, { content: QUESTION })) as ChatSendAck;
      expect(ack).toEqual({ error: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', retryAfterMs: expect.any(Number) }) });

      const response = await fetch(`${env.gatewayUrl}/v1/chats`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'during the outage' }),
      });
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await response.json()) as { error: { code: string; details?: { retryAfterMs?: number } } };
      expect(body.error).toEqual(
        expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', details: expect.objectContaining({ retryAfterMs: expect.any(Number) }) }),
      );

      // Readiness says which dependency is down; probed again and again, it is logged once, as a warning.
      for (let probe = 0; probe < 3; probe++) {
        const readiness = await fetch(`http://127.0.0.1:${env.stack.ports.chat}/health/ready`);
        expect(readiness.status).toBe(503);
        expect(((await readiness.json()) as { error: Record<string, unknown> }).error).toHaveProperty('postgres.status', 'down');
      }
      // The service's log lines reach the test through a pipe, after the response.
      const postgresDown = () => env.logs.chat.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('postgres is not ready: '));
      await waitFor('the outage to be logged', () => postgresDown().length > 0);
      expect(postgresDown()).toEqual([expect.objectContaining({ level: 40 })]);
    } finally {
      await proxy.restore();
    }
    // Back: the same requests work again.
    await waitFor('chat:send to work again', async () => {
      const ack = (await socket.timeout(15_000).emitWithAck(SocketEvents.send, { content: QUESTION })) as ChatSendAck;
      return 'messageId' in ack;
    });
    await waitFor('chat to be ready again', async () => (await fetch(`http://127.0.0.1:${env.stack.ports.chat}/health/ready`)).ok);
    const postgresBack = () => env.logs.chat.filter((line) => line.msg === 'postgres is ready again');
    await waitFor('the recovery to be logged', () => postgresBack().length > 0);
    expect(postgresBack()).toHaveLength(1);
    // A failing probe is not an error of a request: nothing was logged as one.
    expect(env.logs.chat.filter((line) => line.msg === 'Service Unavailable Exception')).toEqual([]);
  }, 60_000);

  it('Postgres unreachable for 1 s while answers stream: they complete, stored whole once it is back', async () => {
    const answers = await askStreaming(3);
    await proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await proxy.restore();

    for (const { messageId, events } of answers) {
      await events.until('the end of the answer', () => events.ended, 30_000);
      expect(events.error).toBeUndefined();
      expect(events.text).toBe(ANSWER);
      const entries = await streamEntries(messageId);
      expectWellFormed(entries);
      expect(entries[entries.length - 1].type).toBe('done');
      expect(await row(messageId)).toEqual({ status: 'complete', content: ANSWER, error_code: null });
    }
  }, 60_000);

  it('Postgres unreachable past the store wait as answers finish: DATABASE_UNAVAILABLE, and the text is stored once it is back', async () => {
    const answers = await askStreaming(3);
    await proxy.cut();
    try {
      for (const { messageId, events } of answers) {
        // The whole text streamed, then the error naming the cause (ANSWER_STORE_WAIT_MS = 2 s).
        await events.until('the end of the answer', () => events.ended, 30_000);
        expect(events.done).toBeUndefined();
        expect(events.error).toEqual(expect.objectContaining({ messageId, code: 'DATABASE_UNAVAILABLE' }));
        expect(events.text).toBe(ANSWER);
        const entries = await streamEntries(messageId);
        expectWellFormed(entries);
        expect(entries[entries.length - 1]).toEqual(expect.objectContaining({ type: 'error', code: 'DATABASE_UNAVAILABLE' }));
      }
    } finally {
      await proxy.restore();
    }
    for (const { messageId } of answers) {
      await waitFor('the row to be stored', async () => (await row(messageId)).status === 'failed', 20_000);
      expect(await row(messageId)).toEqual({ status: 'failed', content: ANSWER, error_code: 'DATABASE_UNAVAILABLE' });
    }
  }, 90_000);
});

/** The same database, reached through the proxy. */
function throughProxy(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
}
