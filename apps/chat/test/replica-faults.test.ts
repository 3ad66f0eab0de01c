import { answerStreamKey, type AnswerStreamEntry } from '@eloquent/contracts';
import {
  connectSocket,
  fetchCookie,
  RATE_LIMITS_OFF,
  startExtraService,
  startFakeAnthropic,
  startTestStack,
  TEST_REDIS_URL,
  waitFor,
  type ExtraService,
  type FakeAnthropic,
  type TestStack,
} from '@eloquent/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { send, type AnswerEvents } from './answer-events';

/** About 3 s of Claude at 20 words/s. */
const ANSWER = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ') + ' [1].';
const QUESTION = 'How do I freeze my card?';

type Logs = Array<Record<string, unknown>>;

/** chat.send requests a replica handled (its bus server logs each one once answered, with how long it took). */
const sendsHandled = (logs: Logs) => logs.filter((l) => l.msg === 'bus request handled' && l.pattern === 'chat.send').length;

/**
 * chat.send requests a replica took after it logged that it stopped reading: each "handled" line
 * is written when the request is answered, `ms` after it was read. Both times are whole
 * milliseconds, hence the slack of 2.
 */
const sendsTakenAfterStop = (logs: Logs): number => {
  const stop = logs.find((l) => l.msg === 'bus stopped reading requests');
  if (!stop) throw new Error('the replica never logged that it stopped reading');
  return logs.filter((l) => l.msg === 'bus request handled' && l.pattern === 'chat.send' && Number(l.time) - Number(l.ms) > Number(stop.time) + 2).length;
};

/**
 * Chat replicas going away and sharing work, as real processes on the real bus
 * (docs/failure-modes.md): a burst is spread over the consumer group; a replica told to stop
 * (SIGTERM) takes no new question and finishes the ones it has; an answer orphaned by a
 * replica killed outright ends within seconds, the same for the client, the stream and the row.
 */
describe('chat replicas: bursts, draining and killed replicas', () => {
  let fake: FakeAnthropic;
  let env: TestStack;
  let extra: ExtraService | undefined;
  let socket: Socket;
  let db: Client;
  let redis: Redis;

  beforeAll(async () => {
    fake = await startFakeAnthropic(() => ({ kind: 'text', text: ANSWER, tokenDelayMs: 50 }));
    // A whole-answer timeout of 10 minutes: an answer's own deadline is then far away, so an
    // orphan ended during the test was found by its missing heartbeat, not by the deadline.
    env = await startTestStack('chatreplicas', {
      ...RATE_LIMITS_OFF,
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: fake.url,
      ANTHROPIC_TIMEOUT_MS: '600000',
    });
    extra = await startExtraService(env, 'chat');
    socket = await connectSocket(env.gatewayUrl, await fetchCookie(`${env.gatewayUrl}/health`));
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    redis = new Redis(TEST_REDIS_URL);
  }, 400_000);

  afterAll(async () => {
    socket?.close();
    redis?.disconnect();
    await db?.end();
    await extra?.stop();
    await env?.stop();
    await fake?.close();
  });

  const row = async (messageId: string) =>
    (await db.query('SELECT status, content, error_code FROM chat.messages WHERE id = $1', [messageId])).rows[0] as {
      status: string;
      error_code: string | null;
    };
  const lastEntry = async (messageId: string) => {
    const entries = await redis.xrange(answerStreamKey(env.prefix, messageId), '-', '+');
    return JSON.parse(entries[entries.length - 1][1][1]) as AnswerStreamEntry;
  };
  const ask = (count: number) => Promise.all(Array.from({ length: count }, () => send(socket, { content: QUESTION })));

  /** The answer completed whole: client, stream and row agree. */
  async function expectComplete({ messageId, events }: { messageId: string; events: AnswerEvents }) {
    await events.until('the answer', () => events.ended, 30_000);
    expect(events.error).toBeUndefined();
    expect(events.text).toBe(ANSWER);
    expect((await lastEntry(messageId)).type).toBe('done');
    expect(await row(messageId)).toEqual(expect.objectContaining({ status: 'complete', content: ANSWER }));
  }

  const BURST = 32;
  it('spreads a burst of questions over both replicas', async () => {
    const before = [sendsHandled(env.logs.chat), sendsHandled(extra!.logs)];
    const answers = await ask(BURST);
    const handled = () => [sendsHandled(env.logs.chat) - before[0], sendsHandled(extra!.logs) - before[1]];
    // Each replica logs a request once it has answered it.
    await waitFor('both replicas to log the burst', () => handled()[0] + handled()[1] === BURST || undefined);
    // Each replica reads one request at a time, so neither takes (nearly) the whole burst: a
    // replica reading many at once would take all that is waiting in one read, leaving the other
    // one or two. How evenly they share it depends on how fast each one's read loop turns
    // (16-question bursts split 3 / 13 now and then on a shared machine, on 838df99 too), so the
    // burst is large enough for the share to settle and the bound is an eighth of it.
    expect(Math.min(...handled())).toBeGreaterThanOrEqual(BURST / 8);
    for (const answer of answers) await expectComplete(answer);
  }, 120_000);

  it('a replica told to stop (SIGTERM) takes no new question and finishes those it has', async () => {
    const draining = extra!;
    const before = [sendsHandled(env.logs.chat), sendsHandled(draining.logs)];
    const inFlight = await ask(6);
    // A replica logs a request once it has answered it: all six are logged before the SIGTERM.
    await waitFor(
      'both replicas to log the questions',
      () => sendsHandled(env.logs.chat) - before[0] + sendsHandled(draining.logs) - before[1] === 6 || undefined,
    );
    expect(sendsHandled(draining.logs) - before[1]).toBeGreaterThan(0); // it has answers to finish

    const exited = new Promise<string>((resolve) => draining.process.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
    const otherBefore = sendsHandled(env.logs.chat);
    draining.process.kill('SIGTERM');
    // Questions asked during its drain: taken by the other replica, all answered whole.
    const during: Array<Awaited<ReturnType<typeof ask>>[number]> = [];
    for (let i = 0; i < 5; i++) {
      during.push(...(await ask(1)));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    for (const answer of [...inFlight, ...during]) await expectComplete(answer);
    // A question can reach it between the signal and its handler (a loaded machine); it answers
    // that one whole (checked above). Once it has stopped reading, it takes nothing more.
    expect(sendsTakenAfterStop(draining.logs)).toBe(0);
    expect(sendsHandled(env.logs.chat) - otherBefore).toBeGreaterThanOrEqual(4);
    // It exits by itself once drained (Nest re-raises the signal after its shutdown hooks).
    expect(await exited).toMatch(/SIGTERM|code 0/);
    extra = undefined;
  }, 120_000);

  it('an answer orphaned by a replica killed outright ends within seconds: error, failed, and the stream agrees', async () => {
    const doomed = await startExtraService(env, 'chat');
    extra = doomed;
    let answers: Awaited<ReturnType<typeof ask>> = [];
    // Until one of the answers is being written by the replica about to be killed.
    await waitFor('a question on the doomed replica', async () => {
      const before = sendsHandled(doomed.logs);
      answers = await ask(2);
      return sendsHandled(doomed.logs) > before;
    });
    await Promise.all(answers.map(({ events }) => events.until('the first tokens', () => events.tokens.length > 0)));
    doomed.process.kill('SIGKILL');
    const killedAt = Date.now();
    extra = undefined;

    let orphaned = 0;
    for (const { messageId, events } of answers) {
      // Heartbeats (2 s, three missed) and two sweeps (5 s) — the deadline is 10 minutes away.
      await events
        .until('the answer to end', () => events.ended, 120_000)
        .catch(async (error: unknown) => {
          const entries = await redis.xrange(answerStreamKey(env.prefix, messageId), '-', '+');
          console.log('stalled', messageId, JSON.stringify(await row(messageId)), JSON.stringify(entries).slice(-600), events.order.join(','));
          throw error;
        });
      if (events.error) console.log(`orphaned answer ended ${Date.now() - killedAt} ms after the kill (a busy shared machine)`);
      const last = await lastEntry(messageId);
      const stored = await row(messageId);
      if (events.error) {
        orphaned++;
        expect(events.error).toEqual(expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }));
        expect(last).toEqual(expect.objectContaining({ type: 'error', code: 'SERVICE_UNAVAILABLE' }));
        expect(stored).toEqual(expect.objectContaining({ status: 'failed', error_code: 'SERVICE_UNAVAILABLE' }));
      } else {
        expect(last.type).toBe('done');
        expect(stored.status).toBe('complete');
      }
    }
    expect(orphaned).toBeGreaterThan(0);
  }, 300_000);
});
