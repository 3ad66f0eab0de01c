import { createClient, EloquentError, type EloquentClient } from '../src';
import { startFakeAnthropic, startTcpProxy, startTestStack, type FakeAnthropic, type TcpProxy, type TestStack } from '@eloquent/testing';
import { randomUUID } from 'node:crypto';

/** 60 words, one token delta each, 40 ms apart: long enough to stop it or cut the line in the middle. */
const WORDS = Array.from({ length: 60 }, (_, i) => `w${i}`);
const SLOW_ANSWER = `${WORDS.join(' ')} [1]`;
/** A question the local Claude server never answers: its answer stays in progress until stopped. */
const HELD_QUESTION = 'Please hold: how do I freeze my card?';
/** Questions per anonymous visitor per window, so a fourth one is refused. */
const QUESTIONS_PER_WINDOW = 3;

/**
 * @eloquent/client against the real services (built stack, Claude replaced by a local
 * server speaking its wire format), each test as its own anonymous visitor.
 */
describe('@eloquent/client against a gateway', () => {
  let anthropic: FakeAnthropic;
  let env: TestStack;
  let proxy: TcpProxy;
  const clients: EloquentClient[] = [];
  const newClient = (options: Partial<Parameters<typeof createClient>[0]> = {}) => {
    const client = createClient({ url: env.gatewayUrl, ...options });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    anthropic = await startFakeAnthropic((request) =>
      JSON.stringify(request.body.messages).includes(HELD_QUESTION) ? { kind: 'hang' } : { kind: 'text', text: SLOW_ANSWER, tokenDelayMs: 40 },
    );
    env = await startTestStack('client', {
      ANTHROPIC_API_KEY: 'sk-ant-test-key',
      ANTHROPIC_BASE_URL: anthropic.url,
      RATE_LIMIT_LLM_MESSAGES: `${QUESTIONS_PER_WINDOW}/3s`,
    });
    proxy = await startTcpProxy(env.gatewayUrl);
  }, 400_000);

  afterAll(async () => {
    clients.forEach((client) => client.close());
    await proxy?.close();
    await env?.stop();
    await anthropic?.close();
  }, 60_000);

  it('streams the tokens in seq order, as an iterator and through callbacks, with sources and mode', async () => {
    const client = newClient();
    const seqs: number[] = [];
    const answer = client.ask('How do I dispute a card transaction?', { onToken: (_text, event) => seqs.push(event.seq) });
    let iterated = '';
    for await (const piece of answer) iterated += piece;
    const result = await answer.done;

    expect(seqs).toEqual(seqs.map((_, i) => i)); // 0, 1, 2, … without gaps or repeats
    expect(seqs.length).toBeGreaterThan(1);
    expect(iterated).toBe(result.text);
    expect(result.text.match(/w\d+/g)).toEqual(WORDS);
    expect(result).toMatchObject({ mode: 'llm', cancelled: false });
    expect(result.sources.length).toBeGreaterThan(0);
    expect(result.sources[0]).toMatchObject({ n: 1, title: expect.any(String) });

    // The same answer over REST, for the same anonymous visitor.
    const { chats } = await client.chats.list();
    expect(chats.map((c) => c.id)).toContain(result.chatId);
    const { messages } = await client.chats.messages(result.chatId);
    expect(messages.find((m) => m.id === result.messageId)).toMatchObject({ role: 'assistant', content: result.text, status: 'complete' });
  }, 60_000);

  it('stops an answer: done says cancelled and the partial text is what was stored', async () => {
    const client = newClient();
    const answer = client.ask('Why was my card payment declined?');
    for await (const piece of answer) if (piece.includes('w3')) break;
    expect(await answer.stop()).toBe(true);
    const result = await answer.done;
    expect(result.cancelled).toBe(true);
    expect(result.text).not.toContain('w59');
    const { messages } = await client.chats.messages(result.chatId);
    expect(messages.find((m) => m.id === result.messageId)).toMatchObject({ status: 'cancelled', content: result.text });
    expect(await answer.stop()).toBe(false); // already ended
  }, 60_000);

  it('refuses to rate an answer still being written, and rates it once it has ended', async () => {
    const client = newClient();
    const answer = client.ask(HELD_QUESTION);
    const { messageId } = await answer.accepted;
    await expect(client.rate(messageId, 'up')).rejects.toMatchObject({ code: 'ANSWER_IN_PROGRESS' });
    expect(await answer.stop()).toBe(true);
    expect((await answer.done).cancelled).toBe(true);
    expect((await client.rate(messageId, 'up')).feedback).toEqual({ rating: 'up', at: expect.any(String) });
  }, 60_000);

  it('rates an answer, replaces and withdraws the rating; only the asker can', async () => {
    const client = newClient();
    const answer = client.ask('How do I dispute a card transaction?');
    const { messageId } = await answer.accepted;
    const result = await answer.done;
    expect(result.abstained).toBe(false);

    const rated = await client.rate(messageId, 'down', 'It did not mention the fee');
    expect(rated).toMatchObject({ id: messageId, feedback: { rating: 'down', comment: 'It did not mention the fee', at: expect.any(String) } });
    expect((await client.rate(messageId, 'up')).feedback).toEqual({ rating: 'up', at: expect.any(String) });
    expect((await client.rate(messageId, null)).feedback).toBeUndefined();

    await expect(newClient().rate(messageId, 'down')).rejects.toMatchObject({ code: 'MESSAGE_NOT_FOUND' });
    await expect(client.rate(messageId, 'meh' as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  }, 60_000);

  it('stops through an AbortSignal', async () => {
    const client = newClient();
    const controller = new AbortController();
    const answer = client.ask('How do I freeze my card?', { signal: controller.signal, onToken: () => controller.abort() });
    const result = await answer.done;
    expect(result.cancelled).toBe(true);
  }, 60_000);

  it('resumes by itself after the connection is cut mid-answer: one uninterrupted answer, equal to the stored message', async () => {
    const client = newClient({ url: proxy.url });
    const statuses: string[] = [];
    client.onStatus((status) => statuses.push(status));
    const seqs: number[] = [];
    const answer = client.ask('How long does an international transfer take?', { onToken: (_text, event) => seqs.push(event.seq) });
    let text = '';
    let dropped = 0;
    for await (const piece of answer) {
      text += piece;
      if (!dropped && piece.includes('w5')) dropped = proxy.dropAll();
    }
    const result = await answer.done;

    expect(dropped).toBeGreaterThan(0);
    expect(statuses).toEqual(expect.arrayContaining(['offline', 'online']));
    expect(statuses.lastIndexOf('online')).toBeGreaterThan(statuses.indexOf('offline'));
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(text).toBe(result.text);
    expect(result.text.match(/w\d+/g)).toEqual(WORDS); // every word once, in order
    const { messages } = await client.chats.messages(result.chatId);
    expect(messages.find((m) => m.id === result.messageId)?.content).toBe(result.text);
  }, 60_000);

  it('reports errors with their codes: validation, unknown chat, REST', async () => {
    const client = newClient();
    await expect(client.ask('   ').done).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const missing = client.ask('Hello?', { chatId: randomUUID() });
    await expect(missing.accepted).rejects.toMatchObject({ code: 'CHAT_NOT_FOUND' });
    await expect(missing.done).rejects.toBeInstanceOf(EloquentError);
    await expect(client.chats.messages(randomUUID())).rejects.toMatchObject({ code: 'CHAT_NOT_FOUND', status: 404 });
    await expect(client.chats.messages('not-a-uuid')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const iterate = async () => {
      for await (const piece of client.ask('x'.repeat(4_001))) void piece;
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  }, 60_000);

  it('fails the answers in flight on close(), and connects again on the next ask', async () => {
    const client = newClient();
    const first = client.ask('How do I freeze my card?');
    await first.accepted;
    client.close();
    await expect(first.done).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(client.status).toBe('idle');
    const again = await client.ask('How do I freeze my card?').done;
    expect(again.text.match(/w\d+/g)).toEqual(WORDS);
  }, 60_000);

  it('fails with CONNECTION_FAILED when no gateway answers', async () => {
    const client = newClient({ url: 'http://127.0.0.1:9', ackTimeoutMs: 1_500 });
    await expect(client.ask('Anyone there?').done).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  }, 60_000);

  it('reports RATE_LIMITED with retryAfterMs, and retries it only when told to', async () => {
    const ask = (client: EloquentClient) => client.ask('What are the ATM withdrawal fees?');
    const plain = newClient();
    const first = Array.from({ length: QUESTIONS_PER_WINDOW }, () => ask(plain));
    const refused = ask(plain);
    const error = await refused.done.then(
      () => undefined,
      (e: EloquentError) => e,
    );
    expect(error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(error!.retryAfterMs).toBeGreaterThan(0);
    await Promise.all(first.map((a) => a.stop().then(() => a.done)));

    const patient = newClient({ retryRateLimited: true });
    const answers = Array.from({ length: QUESTIONS_PER_WINDOW + 1 }, () => ask(patient));
    for (const answer of answers.slice(0, QUESTIONS_PER_WINDOW)) await answer.stop();
    const results = await Promise.all(answers.map((a) => a.done));
    expect(results).toHaveLength(QUESTIONS_PER_WINDOW + 1); // the fourth went through after the window
    expect(results.at(-1)!.messageId).toEqual(expect.any(String));
  }, 60_000);
});
