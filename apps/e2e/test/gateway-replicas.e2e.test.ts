import { SocketEvents, type ChatSendAck, type ChatSummary, type DoneEvent, type ErrorEvent, type MessageView, type TokenEvent } from '@eloquent/contracts';
import {
  ask,
  startExtraGateway,
  startFakeAnthropic,
  startTestStack,
  TEST_REDIS_URL,
  TestTokenSigner,
  waitFor,
  type ExtraService,
  type FakeAnthropic,
  type TestStack,
} from '@eloquent/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { call, connectAs, emitAck, next, type Caller } from './support/gateway-client';

/** 50 pieces → 50 output tokens in the fake's usage. */
const LONG_ANSWER = `${Array.from({ length: 49 }, (_, i) => `word${i}`).join(' ')} [1]`;

/**
 * Several gateway replicas on one stack (Claude replaced by a local server speaking its
 * wire format): an answer resumed on another replica, broadcasts across replicas, and
 * every rate limit tier counted exactly across replicas.
 */
describe('gateway: replicas and rate limits', () => {
  const signer = new TestTokenSigner();
  let anthropic: FakeAnthropic;
  let env: TestStack;
  let a: string;
  let b: string;
  let globalPair: ExtraService[] = [];
  let extras: ExtraService[] = [];
  const sockets: Socket[] = [];

  const user = (id: string): Caller => ({ token: signer.token(id) });
  const socketAt = async (base: string, caller: Caller) => {
    const socket = await connectAs(base, caller);
    sockets.push(socket);
    return socket;
  };
  const errorOf = (response: { body: unknown }) => (response.body as { error: { code: string; details?: { tier?: string; retryAfterMs?: number } } }).error;

  beforeAll(async () => {
    // 50 output tokens per answer unless a test queues another reply. (Questions must be
    // answerable from the help center: chat abstains without asking the LLM otherwise.)
    anthropic = await startFakeAnthropic((request) => ({ kind: 'text', text: request.body.stream ? LONG_ANSWER : 'How do I dispute a card transaction?' }));
    env = await startTestStack('gwreplicas', {
      ANTHROPIC_API_KEY: 'sk-ant-test-key',
      ANTHROPIC_BASE_URL: anthropic.url,
      ...signer.gatewayEnv,
      TRUST_PROXY_HOPS: '1',
      RATE_LIMIT_GLOBAL: 'off',
      RATE_LIMIT_USER: '6/1m',
      RATE_LIMIT_ANON: '4/1m',
      RATE_LIMIT_ANON_IP: '10/1m',
      RATE_LIMIT_LLM_MESSAGES: '3/1m',
      RATE_LIMIT_LLM_TOKENS: '100/1d',
    });
    a = env.gatewayUrl;
    const onlyGlobal = { RATE_LIMIT_GLOBAL: '8/2s', RATE_LIMIT_USER: 'off', RATE_LIMIT_ANON: 'off', RATE_LIMIT_ANON_IP: 'off' };
    extras = await Promise.all([startExtraGateway(env), startExtraGateway(env, onlyGlobal), startExtraGateway(env, onlyGlobal)]);
    b = extras[0].url;
    globalPair = extras.slice(1);
  }, 180_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all(extras.map((g) => g.stop()));
    await env?.stop();
    await anthropic?.close();
  });

  describe('across replicas', () => {
    it('resumes an answer on another replica after the client dropped mid-stream', async () => {
      const onA = await socketAt(a, user('user_resume'));
      const firstToken = next<TokenEvent>(onA, SocketEvents.token);
      anthropic.enqueue({ kind: 'text', text: LONG_ANSWER, tokenDelayMs: 40 });
      const ack = await emitAck<ChatSendAck>(onA, SocketEvents.send, { content: 'How do I dispute a card transaction?' });
      if ('error' in ack) throw new Error(ack.error.code);
      const seen = await firstToken;
      onA.close(); // the network drops

      const onB = await socketAt(b, user('user_resume'));
      const rest: TokenEvent[] = [];
      onB.on(SocketEvents.token, (event: TokenEvent) => rest.push(event));
      const done = next<DoneEvent>(onB, SocketEvents.done, 20_000);
      const resumed = await emitAck<{ message: MessageView; replaying: boolean }>(onB, SocketEvents.resume, { messageId: ack.messageId, lastSeq: seen.seq });
      expect(resumed.replaying).toBe(true);
      expect(await done).toEqual(expect.objectContaining({ messageId: ack.messageId, mode: 'llm', usage: expect.objectContaining({ outputTokens: 50 }) }));

      // Nothing lost, nothing twice: the sequence continues right after the last token seen on A.
      expect(rest.map((t) => t.seq)).toEqual(rest.map((_, i) => seen.seq + 1 + i));
      const stored = await call<MessageView>(b, 'GET', `/v1/messages/${ack.messageId}`, user('user_resume'));
      expect(seen.text + rest.map((t) => t.text).join('')).toBe(stored.body.content);
      expect(stored.body.content).toContain('word48');
    });

    it('broadcasts chat changes to the user’s sockets on every replica', async () => {
      const onB = await socketAt(b, user('user_rooms'));
      const updated = next<{ chat: ChatSummary }>(onB, SocketEvents.chatUpdated);
      const created = await call<ChatSummary>(a, 'POST', '/v1/chats', user('user_rooms'), { title: 'Made on replica A' });
      expect(await updated).toEqual({ chat: created.body });
      const deleted = next<{ chatId: string }>(onB, SocketEvents.chatDeleted);
      expect((await call(a, 'DELETE', `/v1/chats/${created.body.id}`, user('user_rooms'))).status).toBe(204);
      expect(await deleted).toEqual({ chatId: created.body.id });
    });
  });

  describe('rate limits over HTTP (429, Retry-After, X-RateLimit-*)', () => {
    it('per user: the 7th request of 6 allowed is refused, wherever each lands', async () => {
      const caller = user('user_http');
      const remaining: string[] = [];
      for (let i = 0; i < 6; i++) {
        const response = await call(i % 2 ? b : a, 'GET', '/v1/chats', caller);
        expect(response.status).toBe(200);
        remaining.push(response.headers.get('x-ratelimit-remaining')!);
        expect(response.headers.get('x-ratelimit-limit')).toBe('6');
      }
      expect(remaining).toEqual(['5', '4', '3', '2', '1', '0']);
      const refused = await call(a, 'GET', '/v1/chats', caller);
      expect(refused.status).toBe(429);
      expect(errorOf(refused)).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', details: expect.objectContaining({ tier: 'user', limit: 6 }) }));
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      // another user is not affected
      expect((await call(b, 'GET', '/v1/chats', user('user_http_neighbour'))).status).toBe(200);
    });

    it('per anonymous session: the 5th request of 4 is refused, even from different IPs', async () => {
      const first = await call(a, 'GET', '/', { headers: { 'x-forwarded-for': '198.51.100.1' } });
      const cookie = first.headers.getSetCookie()[0].split(';')[0];
      const statuses = [first.status];
      for (let i = 2; i <= 5; i++) statuses.push((await call(i % 2 ? a : b, 'GET', '/', { cookie, headers: { 'x-forwarded-for': `198.51.100.${i}` } })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    });

    it('per IP: minting a new anonymous session per request does not help (the 11th of 10 is refused)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await call(i % 2 ? b : a, 'GET', '/', { headers: { 'x-forwarded-for': '203.0.113.77' } })).status);
      expect(statuses).toEqual([...Array(10).fill(200), 429]);
      const refused = await call(a, 'GET', '/', { headers: { 'x-forwarded-for': '203.0.113.77' } });
      expect(errorOf(refused).details?.tier).toBe('ip');
      // the next address is fine; a forged leftmost X-Forwarded-For entry is ignored
      expect((await call(a, 'GET', '/', { headers: { 'x-forwarded-for': '203.0.113.78' } })).status).toBe(200);
      expect((await call(a, 'GET', '/', { headers: { 'x-forwarded-for': '1.2.3.4, 203.0.113.77' } })).status).toBe(429);
    });

    it('global: the 9th request of 8 over two replicas is refused, and the window then resets', async () => {
      const [c, d] = globalPair.map((g) => g.url);
      const statuses: number[] = [];
      for (let i = 0; i < 9; i++) statuses.push((await call(i % 2 ? d : c, 'GET', '/', {})).status);
      expect(statuses).toEqual([...Array(8).fill(200), 429]);
      const refused = await call(c, 'GET', '/', {});
      expect(errorOf(refused).details).toEqual(expect.objectContaining({ tier: 'global', limit: 8 }));
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(2);

      await waitFor('the global window to reset', async () => (await call(d, 'GET', '/', {})).status === 200, 10_000, 50);
      // a fresh window of 8, of which the probe that got through used one
      const after: number[] = [];
      for (let i = 0; i < 8; i++) after.push((await call(i % 2 ? c : d, 'GET', '/', {})).status);
      expect(after).toEqual([...Array(7).fill(200), 429]);
    });
  });

  describe('rate limits on sockets (chat:error RATE_LIMITED with retryAfterMs)', () => {
    it('refuses the handshake over the anonymous session’s limit', async () => {
      const first = await call(a, 'GET', '/health', { headers: { 'x-forwarded-for': '192.0.2.10' } });
      const cookie = first.headers.getSetCookie()[0].split(';')[0];
      for (let i = 0; i < 4; i++) await socketAt(i % 2 ? b : a, { cookie, headers: { 'x-forwarded-for': `192.0.2.${20 + i}` } });
      const refused = (await connectAs(b, { cookie, headers: { 'x-forwarded-for': '192.0.2.30' } }).catch((e: unknown) => e)) as Error & { data: ErrorEvent };
      expect(refused.message).toBe('RATE_LIMITED');
      expect(refused.data).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) }));
      expect(refused.data.retryAfterMs).toBeGreaterThan(0);
    });

    it('counts every event against the user, on both replicas; the refusal comes as the ack or as chat:error', async () => {
      const caller = user('user_events');
      const onA = await socketAt(a, caller); // 1
      const onB = await socketAt(b, caller); // 2
      for (let i = 0; i < 4; i++) {
        // 3..6: allowed, and answered by the handler (nobody's message)
        expect(await emitAck(i % 2 ? onB : onA, SocketEvents.stop, { messageId: randomUUID() })).toEqual({
          error: expect.objectContaining({ code: 'MESSAGE_NOT_FOUND' }),
        });
      }
      const acked = await emitAck<{ error: ErrorEvent }>(onA, SocketEvents.stop, { messageId: randomUUID() });
      expect(acked.error).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number), correlationId: expect.any(String) }));
      const event = next<ErrorEvent>(onB, SocketEvents.error);
      onB.emit(SocketEvents.stop, { messageId: randomUUID() });
      expect(await event).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) }));
      expect(onA.connected && onB.connected).toBe(true);
    });

    it('LLM messages: the 4th question of 3 per minute is refused', async () => {
      const caller = user('user_questions');
      const [onA, onB] = [await socketAt(a, caller), await socketAt(b, caller)];
      const questions = ['What are the ATM withdrawal fees?', 'How do I freeze my card?', 'How do I close my account?'];
      for (let i = 0; i < 3; i++) {
        anthropic.enqueue({ kind: 'text', text: 'Briefly: see the article [1]' }); // 5 tokens: far from the token allowance
        const answer = await ask(i % 2 ? onB : onA, { content: questions[i] });
        expect(answer.done?.usage?.outputTokens).toBe(5);
      }
      const refused = await emitAck<{ error: ErrorEvent }>(onA, SocketEvents.send, { content: 'How do I change my address?' });
      expect(refused.error).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) }));
      expect(refused.error.message).toContain('llm-messages');
    });

    it('LLM output tokens: once the day’s 100 tokens are spent (2 answers of 50), the next question is refused', async () => {
      const caller = user('user_tokens');
      const [onA, onB] = [await socketAt(a, caller), await socketAt(b, caller)];
      const first = await ask(onA, { content: 'How do I dispute a card transaction?' });
      expect(first.done?.usage?.outputTokens).toBe(50);
      const second = await ask(onB, { content: 'How long does an international transfer take?' });
      expect(second.done?.usage?.outputTokens).toBe(50);
      // Each replica charges its answer when the `done` goes by; the charge is a Redis write of
      // its own, so wait until both have landed (the budget is exact, its update asynchronous).
      const redis = new Redis(TEST_REDIS_URL);
      try {
        await waitFor('both answers charged', async () => Number(await redis.get(`${env.prefix}ratelimit:llm-tokens:user_tokens`)) >= 100);
      } finally {
        redis.disconnect();
      }
      const reply = await emitAck<ChatSendAck>(onA, SocketEvents.send, { content: 'What are the ATM withdrawal fees?' });
      const refused = 'error' in reply ? reply.error : undefined;
      expect(refused).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) }));
      expect(refused?.message).toContain('llm-tokens');
      expect(anthropic.exchanges.filter((x) => JSON.stringify(x.request.body.messages).includes('ATM withdrawal fees'))).toHaveLength(1); // the earlier test's only
    });
  });
});
