import { BusClient } from '@eloquent/bus';
import { SocketEvents, type ChatResumeAck, type ChatStopAck } from '@eloquent/contracts';
import {
  connectSocket,
  fetchCookie,
  startExtraGateway,
  startExtraService,
  startFakeAnthropic,
  startTestStack,
  TEST_REDIS_URL,
  waitFor,
  type ExtraService,
  type FakeAnthropic,
  type FakeReply,
  type FakeRequest,
  type TestStack,
  RATE_LIMITS_OFF,
} from '@eloquent/testing';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { AnswerEvents, send } from './answer-events';

const ABSTENTION = /^I couldn't find anything about this in our help center/;
/** The fallback's notice: Claude is configured but did not answer. */
const RETRIEVAL_ONLY = /^_Answering from the help center directly \(AI answers are unavailable right now\)\._$/;
const LONG_ANSWER = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ') + ' [1].';

/** The numbered sources Claude was given, parsed back out of the prompt. */
function promptSources(request: FakeRequest): Map<number, string> {
  const last = request.body.messages[request.body.messages.length - 1].content as string;
  return new Map([...last.matchAll(/<source n="(\d+)" title="[^"]*">\n([\s\S]*?)\n<\/source>/g)].map((m) => [Number(m[1]), m[2]]));
}

const streamed = (fake: FakeAnthropic) => fake.exchanges.filter((e) => e.request.body.stream);

/**
 * The Claude path end to end: real services, Postgres and Redis, the official SDK talking
 * to a local server that speaks the Messages API (SSE), two chat replicas and two gateways.
 */
describe('answers with Claude', () => {
  let fake: FakeAnthropic;
  let env: TestStack;
  let secondGateway: ExtraService;
  let secondChat: ExtraService | undefined;
  let cookie: string;
  let socket: Socket;
  let db: Client;
  let bus: BusClient;
  let reply: (request: FakeRequest) => FakeReply;

  beforeAll(async () => {
    fake = await startFakeAnthropic((request) => reply(request));
    env = await startTestStack(
      'chatclaude',
      {
        ...RATE_LIMITS_OFF,
        ANTHROPIC_API_KEY: 'test-key',
        ANTHROPIC_BASE_URL: fake.url,
        ANTHROPIC_MODEL: 'claude-test',
        ANTHROPIC_RETRIES: '1',
        ANTHROPIC_RETRY_MAX_DELAY_MS: '20',
        ANTHROPIC_BREAKER_THRESHOLD: '4',
        ANTHROPIC_BREAKER_HALF_OPEN_MS: '1500',
        ANTHROPIC_FIRST_TOKEN_TIMEOUT_MS: '3000',
        SUPPORT_CONTACT: 'help@lumenbank.example',
      },
      { readyTimeoutMs: 180_000 },
    );
    [secondGateway, secondChat] = await Promise.all([startExtraGateway(env), startExtraService(env, 'chat')]);
    cookie = await fetchCookie(`${env.gatewayUrl}/health`);
    socket = await connectSocket(env.gatewayUrl, cookie);
    db = new Client({ connectionString: env.database.url });
    await db.connect();
    bus = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: env.prefix, name: 'chat-test', defaultTimeoutMs: 10_000 });
  }, 300_000);

  beforeEach(() => {
    fake.exchanges.length = 0;
    reply = (request) => (request.body.stream ? { kind: 'text', text: 'Open Cards and tap Freeze [1].' } : { kind: 'text', text: 'how to unfreeze a card' });
  });

  afterAll(async () => {
    socket?.close();
    await bus?.close();
    await db?.end();
    await Promise.all([secondGateway?.stop(), secondChat?.stop()]);
    await env?.stop();
    await fake?.close();
  });

  const stored = async (messageId: string) => (await db.query('SELECT * FROM chat.messages WHERE id = $1', [messageId])).rows[0];

  it('streams a cited answer: chat:sources lists exactly the cited passages, stored with the message', async () => {
    reply = () => ({ kind: 'text', text: 'Open Cards and tap Freeze [1]. It works at once [2][1].', tokenDelayMs: 2 });
    const { chatId, messageId, events } = await send(socket, { content: 'How do I freeze my card?' });
    await events.until('the answer', () => events.ended);

    expect(events.done).toEqual({ messageId, mode: 'llm', usage: { inputTokens: expect.any(Number), outputTokens: 11 } });
    expect(events.text).toBe('Open Cards and tap Freeze [1]. It works at once [2][1].');
    expect(events.order.slice(-2)).toEqual(['sources', 'done']);
    const given = promptSources(fake.exchanges[0].request);
    expect(given.size).toBeGreaterThanOrEqual(2);
    const sources = events.sources!.sources;
    expect(sources.map((s) => s.n)).toEqual([1, 2]);
    for (const source of sources) {
      expect(source).toEqual({
        n: expect.any(Number),
        documentId: expect.any(String),
        chunkId: expect.any(String),
        title: expect.any(String),
        url: expect.any(String),
        snippet: expect.any(String),
      });
      const chunk = (await db.query('SELECT document_id, text FROM retrieval.chunks WHERE id = $1', [source.chunkId])).rows[0];
      expect(chunk.document_id).toBe(source.documentId);
      expect(given.get(source.n)).toBe(chunk.text);
      expect(chunk.text.replace(/\s+/g, ' ').trim().startsWith(source.snippet.replace(/…$/, ''))).toBe(true);
    }

    const message = await stored(messageId);
    expect(message).toEqual(
      expect.objectContaining({
        chat_id: chatId,
        status: 'complete',
        content: events.text,
        mode: 'llm',
        citations: sources,
        usage: events.done!.usage,
        error_code: null,
      }),
    );
  });

  it('drops markers that point at no given source, also when split across chunks', async () => {
    reply = () => ({ kind: 'text', text: ['Tap Freeze [', '1]. Not [', '9', '9]. Both [1, 4', '2] and [', '42].'] });
    const { events } = await send(socket, { content: 'How do I freeze my card?' });
    await events.until('the answer', () => events.ended);
    expect(events.text).toBe('Tap Freeze [1]. Not. Both [1] and.');
    expect(events.sources!.sources.map((s) => s.n)).toEqual([1]);
  });

  it('retries a 529 (overloaded) and answers with Claude', async () => {
    fake.enqueue({ kind: 'http-error', status: 529, type: 'overloaded_error' });
    const { events } = await send(socket, { content: 'What are the ATM withdrawal fees?' });
    await events.until('the answer', () => events.ended);
    expect(events.done?.mode).toBe('llm');
    expect(streamed(fake).map((e) => e.reply.kind)).toEqual(['http-error', 'text']);
  });

  it('answers retrieval-only, saying so in one line, when Claude fails before its first token', async () => {
    reply = () => ({ kind: 'http-error', status: 529, type: 'overloaded_error' });
    const { messageId, events } = await send(socket, { content: 'How do I order a replacement card?' });
    await events.until('the answer', () => events.ended);
    expect(events.done).toEqual({ messageId, mode: 'retrieval-only' });
    const [notice, body] = events.text.split('\n\n');
    expect(notice).toMatch(RETRIEVAL_ONLY);
    expect(body).toMatch(/\[\d\]/);
    expect(streamed(fake)).toHaveLength(2);
    expect(await stored(messageId)).toEqual(expect.objectContaining({ status: 'complete', mode: 'retrieval-only' }));
  });

  it('stores a stream cut mid-answer as failed with its partial text, and ends the socket stream with chat:error', async () => {
    reply = () => ({ kind: 'text', text: LONG_ANSWER, cutAfter: 8, tokenDelayMs: 2 });
    const { chatId, messageId, events } = await send(socket, { content: 'How do I freeze my card?' });
    await events.until('the answer', () => events.ended);
    expect(events.error).toEqual(expect.objectContaining({ messageId, code: 'GENERATION_FAILED' }));
    // The trailing space was still held back (it could have preceded an invalid marker).
    expect(events.text).toBe('word0 word1 word2 word3 word4 word5 word6 word7');
    expect(streamed(fake)).toHaveLength(1);
    // The client is told first; the row follows as soon as Postgres takes it (docs/failure-modes.md).
    await waitFor('the failed row', async () => (await stored(messageId)).status !== 'streaming');
    expect(await stored(messageId)).toEqual(expect.objectContaining({ status: 'failed', error_code: 'GENERATION_FAILED', content: events.text, mode: 'llm' }));
    // The question is kept whatever happened to its answer.
    const question = await db.query(`SELECT status FROM chat.messages WHERE chat_id = $1 AND role = 'user'`, [chatId]);
    expect(question.rows).toEqual([{ status: 'complete' }]);
  });

  it('abstains without calling Claude when the question is clearly off-topic', async () => {
    const { messageId, events } = await send(socket, { content: "What's the weather tomorrow in Berlin?" });
    await events.until('the answer', () => events.ended);
    expect(events.text).toMatch(ABSTENTION);
    expect(events.text).toContain('Please contact our support team at help@lumenbank.example');
    expect(events.done).toEqual({ messageId, mode: 'llm', abstained: true });
    expect(events.sources?.sources).toEqual([]);
    expect(fake.exchanges).toHaveLength(0);
    expect(await stored(messageId)).toEqual(expect.objectContaining({ status: 'complete', citations: [], abstained: true, suggested_articles: null }));
  });

  it('replies to small talk without calling Claude (docs/chat.md, "Small talk")', async () => {
    const { messageId, events } = await send(socket, { content: 'Hello, is this a bot?' });
    await events.until('the reply', () => events.ended);
    expect(events.text).toBe(
      "I'm an automated assistant: I answer from our help center. To talk to a person, please contact our support team at help@lumenbank.example.",
    );
    expect(events.done).toEqual({ messageId, mode: 'llm', smallTalk: 'person' });
    expect(fake.exchanges).toHaveLength(0);
    expect(await stored(messageId)).toEqual(
      expect.objectContaining({ status: 'complete', content: events.text, citations: [], abstained: false, small_talk: 'person' }),
    );
  });

  it('lets Claude decide on a near miss: its no-answer marker is never shown and is stored as an abstention, without sources', async () => {
    reply = (request) => {
      // The passages are given (retrieval found the subject); Claude finds they do not answer.
      expect(promptSources(request).size).toBeGreaterThan(0);
      return { kind: 'text', text: ['[[NO', '_ANSWER]]', ' The sources are about something else.'] };
    };
    const { messageId, events } = await send(socket, { content: 'Is travel insurance included in the Premium plan?' });
    await events.until('the answer', () => events.ended);
    expect(streamed(fake)).toHaveLength(1);
    expect(events.text).toMatch(ABSTENTION);
    expect(events.text).not.toContain('NO_ANSWER');
    expect(events.text).toContain('Please contact our support team at help@lumenbank.example');
    expect(events.sources?.sources).toEqual([]);
    // The articles of the passages Claude was given are offered instead (docs/chat.md, "Suggested articles").
    const suggested = events.done!.suggestedArticles!;
    expect(suggested.length).toBeGreaterThan(0);
    expect(suggested.length).toBeLessThanOrEqual(3);
    expect(events.done).toEqual({ messageId, mode: 'llm', usage: expect.any(Object), abstained: true, suggestedArticles: suggested });
    expect(await stored(messageId)).toEqual(
      expect.objectContaining({ status: 'complete', content: events.text, citations: [], mode: 'llm', abstained: true, suggested_articles: suggested }),
    );
  });

  it('rewrites a follow-up into a standalone query with Claude before searching', async () => {
    const first = await send(socket, { content: 'How do I freeze my card?' });
    await first.events.until('the first answer', () => first.events.ended);
    fake.exchanges.length = 0;
    const second = await send(socket, { chatId: first.chatId, content: 'And how do I undo that?' });
    await second.events.until('the second answer', () => second.events.ended);

    const [rewrite, answer] = fake.exchanges;
    expect(rewrite.request.body.stream).toBeFalsy();
    expect(JSON.stringify(rewrite.request.body.messages)).toContain('How do I freeze my card?');
    // Searched with "how to unfreeze a card": the unfreeze section is among the sources.
    expect([...promptSources(answer.request).values()].some((text) => /unfreeze/i.test(text))).toBe(true);
    // The history went along, without the earlier answer's citation markers, read by the
    // statement that stored the follow-up: not the follow-up itself nor its empty answer.
    expect(answer.request.body.messages).toHaveLength(3);
    expect(answer.request.body.messages.slice(0, 2)).toEqual([
      { role: 'user', content: 'How do I freeze my card?' },
      { role: 'assistant', content: 'Open Cards and tap Freeze.' },
    ]);
  });

  it('stops an answer mid-stream, whichever chat replica gets the stop; stores it cancelled with its partial text', async () => {
    // The bus hands chat.stop to either replica: repeat until one reached the other replica by broadcast.
    const broadcast = () => [...env.logs.chat, ...(secondChat?.logs ?? [])].some((line) => line.msg === 'stop requested' && line.local === false);
    for (let round = 0; round < 12 && !(round >= 2 && broadcast()); round++) {
      fake.exchanges.length = 0;
      reply = () => ({ kind: 'text', text: LONG_ANSWER, tokenDelayMs: 15 });
      const { messageId, events } = await send(socket, { content: 'How do I freeze my card?' });
      await events.until('the first tokens', () => events.tokens.length > 0);
      const ack = (await socket.timeout(5_000).emitWithAck(SocketEvents.stop, { messageId })) as ChatStopAck;
      expect(ack).toEqual({ stopped: true });
      await events.until('the end of the answer', () => events.ended);

      expect(events.done).toEqual(expect.objectContaining({ messageId, mode: 'llm', cancelled: true }));
      await fake.exchanges[0].closed;
      expect(fake.exchanges[0].closedEarly).toBe(true);
      expect(fake.exchanges[0].deltasSent).toBeLessThan(61);
      const message = await stored(messageId);
      expect(message).toEqual(expect.objectContaining({ status: 'cancelled', content: events.text, mode: 'llm' }));
      expect(message.content.length).toBeGreaterThan(0);
      expect(message.content.length).toBeLessThan(LONG_ANSWER.length);
    }
    expect(broadcast()).toBe(true);
  });

  it('acknowledges a stop of a finished answer with stopped: false, and refuses another visitor’s message', async () => {
    const { messageId, events } = await send(socket, { content: 'How do I freeze my card?' });
    await events.until('the answer', () => events.ended);
    expect(await socket.timeout(5_000).emitWithAck(SocketEvents.stop, { messageId })).toEqual({ stopped: false });
    const stranger = await connectSocket(env.gatewayUrl);
    try {
      const ack = (await stranger.timeout(5_000).emitWithAck(SocketEvents.stop, { messageId })) as ChatStopAck;
      expect(ack).toEqual({ error: expect.objectContaining({ code: 'MESSAGE_NOT_FOUND' }) });
      const resume = (await stranger.timeout(5_000).emitWithAck(SocketEvents.resume, { messageId, lastSeq: -1 })) as ChatResumeAck;
      expect(resume).toEqual({ error: expect.objectContaining({ code: 'MESSAGE_NOT_FOUND' }) });
    } finally {
      stranger.close();
    }
  });

  it('resumes after a disconnect on another gateway: replays what was missed, then continues live', async () => {
    reply = () => ({ kind: 'text', text: LONG_ANSWER, tokenDelayMs: 10 });
    const first = await connectSocket(env.gatewayUrl, cookie);
    const { messageId, events: before } = await send(first, { content: 'How do I freeze my card?' });
    await before.until('some tokens', () => before.tokens.length >= 2);
    first.close();
    const lastSeq = before.lastSeq;

    const second = await connectSocket(secondGateway.url, cookie);
    try {
      const after = AnswerEvents.on(second, () => messageId);
      const ack = (await second.timeout(5_000).emitWithAck(SocketEvents.resume, { messageId, lastSeq })) as ChatResumeAck;
      expect(ack).toEqual({ replaying: true, message: expect.objectContaining({ id: messageId, role: 'assistant' }) });
      await after.until('the rest of the answer', () => after.ended);

      expect(after.tokens[0].seq).toBe(lastSeq + 1);
      expect(after.tokens.map((t) => t.seq)).toEqual(after.tokens.map((_, i) => lastSeq + 1 + i));
      const text =
        before.tokens
          .slice(0, lastSeq + 1)
          .map((t) => t.text)
          .join('') + after.text;
      expect(text).toBe(LONG_ANSWER);
      expect(after.done).toEqual(expect.objectContaining({ messageId, mode: 'llm' }));
      expect((await stored(messageId)).content).toBe(text);

      // After completion, within the stream's TTL, the whole answer replays again.
      const replay = AnswerEvents.on(second, () => messageId);
      const again = (await second.timeout(5_000).emitWithAck(SocketEvents.resume, { messageId, lastSeq: -1 })) as ChatResumeAck;
      expect(again).toEqual({ replaying: true, message: expect.objectContaining({ status: 'complete', content: LONG_ANSWER }) });
      await replay.until('the replay', () => replay.ended);
      expect(replay.text).toBe(LONG_ANSWER);
      expect(replay.order.slice(-2)).toEqual(['sources', 'done']);
    } finally {
      second.close();
    }
  });

  it('reports the stored message, replaying nothing, once the stream has expired', async () => {
    const { messageId, events } = await send(socket, { content: 'How do I freeze my card?' });
    await events.until('the answer', () => events.ended);
    const redis = new (await import('ioredis')).default(TEST_REDIS_URL);
    await redis.del(`${env.prefix}stream:msg:${messageId}`);
    redis.disconnect();
    const ack = (await socket.timeout(5_000).emitWithAck(SocketEvents.resume, { messageId, lastSeq: -1 })) as ChatResumeAck;
    expect(ack).toEqual({ replaying: false, message: expect.objectContaining({ id: messageId, status: 'complete', content: events.text }) });
  });

  it('opens the breaker after consecutive failures, answers retrieval-only without calling Claude, and recovers', async () => {
    // One replica, so one breaker.
    await secondChat?.stop();
    secondChat = undefined;
    reply = (request) => (request.body.stream ? { kind: 'http-error', status: 529, type: 'overloaded_error' } : { kind: 'text', text: 'x' });
    for (let i = 0; i < 2; i++) {
      const { events } = await send(socket, { content: 'How do I freeze my card?' });
      await events.until('the answer', () => events.ended);
      expect(events.done?.mode).toBe('retrieval-only');
    }
    expect(streamed(fake)).toHaveLength(4);
    const health = (await fetch(`http://127.0.0.1:${env.stack.ports.chat}/health/ready`).then((r) => r.json())) as {
      details: { generation: { breaker: string } };
    };
    expect(health.details.generation.breaker).toBe('open');

    const open = await send(socket, { content: 'How do I freeze my card?' });
    await open.events.until('the answer', () => open.events.ended);
    expect(open.events.done?.mode).toBe('retrieval-only');
    expect(streamed(fake)).toHaveLength(4);

    reply = () => ({ kind: 'text', text: 'Open Cards and tap Freeze [1].' });
    await waitFor('the breaker to let a trial through and close', async () => {
      const { events } = await send(socket, { content: 'How do I freeze my card?' });
      await events.until('the answer', () => events.ended);
      return events.done?.mode === 'llm';
    });
  });
});
