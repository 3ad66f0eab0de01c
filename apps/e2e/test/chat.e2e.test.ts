import { ask, connectSocket, fetchCookie, sendForAck, startTestStack, waitFor, type TestStack } from '@eloquent/testing';
import { createClient } from '@eloquent/client';
import type { ChatListResponse, ChatMessagesResponse } from '@eloquent/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';

/**
 * The walking skeleton, end to end on real processes, Postgres and Redis: a socket.io
 * client asks; the answer streams back through gateway ← chat ← retrieval (whose knowledge base the
 * embedding service embedded at ingestion).
 */
describe('asking a question over socket.io (keyless)', () => {
  let env: TestStack;
  let cookie: string;
  let socket: Socket;

  beforeAll(async () => {
    env = await startTestStack('e2e');
    cookie = await fetchCookie(`${env.gatewayUrl}/health`);
    socket = await connectSocket(env.gatewayUrl, cookie);
  }, 120_000);

  const getJson = async <T = unknown>(path: string, sessionCookie: string): Promise<T> =>
    (await fetch(`${env.gatewayUrl}${path}`, { headers: { cookie: sessionCookie } })).json() as Promise<T>;

  afterAll(async () => {
    socket?.close();
    await env?.stop();
  });

  it('streams a cited answer and stores the chat with both messages', async () => {
    const answer = await ask(socket, { content: 'How do I dispute a card transaction?' });

    expect(answer.ack).toEqual({ chatId: expect.any(String), messageId: expect.any(String) });
    if ('error' in answer.ack) throw new Error('unexpected error ack');
    const { chatId, messageId } = answer.ack;

    // tokens in order, then sources, then done
    expect(answer.tokens.length).toBeGreaterThan(0);
    expect(answer.tokens.map((t) => t.seq)).toEqual(answer.tokens.map((_, i) => i));
    expect(answer.tokens.every((t) => t.messageId === messageId)).toBe(true);
    expect(answer.order[0]).toBe('ack'); // the client knows the message id before its first token
    expect(answer.order.slice(-2)).toEqual(['sources', 'done']);
    expect(answer.done).toEqual({ messageId, mode: 'retrieval-only' });
    expect(answer.text).toMatch(/\[\d+\]/);

    const sources = answer.sources!.sources;
    expect(sources.map((s) => s.url)).toContain('https://help.lumenbank.example/disputes/dispute-a-card-transaction');
    for (const source of sources) {
      expect(answer.text).toContain(`[${source.n}]`);
      expect(source).toEqual(expect.objectContaining({ documentId: expect.any(String), title: expect.any(String), snippet: expect.any(String) }));
    }

    const db = new Client({ connectionString: env.database.url });
    await db.connect();
    try {
      const chats = await db.query('SELECT owner_id, title FROM chat.chats WHERE id = $1', [chatId]);
      expect(chats.rows).toEqual([{ owner_id: expect.stringMatching(/^anon:/), title: 'How do I dispute a card transaction?' }]);
      const messages = await db.query('SELECT id, role, status, content, mode, citations FROM chat.messages WHERE chat_id = $1 ORDER BY created_at', [chatId]);
      expect(messages.rows.map((m) => [m.role, m.status])).toEqual([
        ['user', 'complete'],
        ['assistant', 'complete'],
      ]);
      expect(messages.rows[1]).toEqual(expect.objectContaining({ id: messageId, content: answer.text, mode: 'retrieval-only' }));
      expect(messages.rows[1].citations.map((c: { n: number }) => c.n)).toEqual(sources.map((s) => s.n));
    } finally {
      await db.end();
    }
  });

  it('follows one question through every service it passes with one correlation id', async () => {
    await ask(socket, { content: 'How long does an international transfer take?' });
    const socketEvent = [...env.logs.gateway].reverse().find((line) => line.msg === 'socket event');
    const correlationId = socketEvent?.correlationId as string;
    expect(correlationId).toEqual(expect.any(String));
    // Each service logs after it replied, so its line may land a moment after the answer. A keyless
    // question stops at retrieval: it embeds queries in the hashed space itself (docs/retrieval.md,
    // "Query embedding"), so the embedding service only sees ingestion.
    for (const service of ['chat', 'retrieval'] as const) {
      await waitFor(`${service} to log ${correlationId}`, () => env.logs[service].some((line) => line.correlationId === correlationId));
    }
  });

  it('continues a chat when chatId is given (through @eloquent/client)', async () => {
    const client = createClient({ url: env.gatewayUrl });
    try {
      const first = await client.ask('How do I freeze my card?').done;
      const second = await client.ask('And how do I unfreeze it?', { chatId: first.chatId }).done;
      expect(second).toMatchObject({ chatId: first.chatId, mode: 'retrieval-only', cancelled: false });
      const { messages } = await client.chats.messages(first.chatId);
      expect(messages.map((m) => [m.role, m.content])).toEqual([
        ['user', 'How do I freeze my card?'],
        ['assistant', first.text],
        ['user', 'And how do I unfreeze it?'],
        ['assistant', second.text],
      ]);
    } finally {
      client.close();
    }
  });

  it('lists the caller’s chats and messages over REST, and nobody else’s', async () => {
    const chats = await getJson<ChatListResponse>('/v1/chats', cookie);
    expect(chats.chats.length).toBeGreaterThanOrEqual(2);
    const chatId = chats.chats.find((c) => c.title === 'How do I dispute a card transaction?')!.id;

    const messages = await getJson<ChatMessagesResponse>(`/v1/chats/${chatId}/messages`, cookie);
    expect(messages.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages.messages[1].citations.length).toBeGreaterThan(0);

    const stranger = await fetchCookie(`${env.gatewayUrl}/health`);
    expect(await getJson('/v1/chats', stranger)).toEqual({ chats: [] });
    const foreign = await fetch(`${env.gatewayUrl}/v1/chats/${chatId}/messages`, { headers: { cookie: stranger } });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: unknown }).error).toEqual(
      expect.objectContaining({ code: 'CHAT_NOT_FOUND', correlationId: foreign.headers.get('x-correlation-id') }),
    );

    const traced = await fetch(`${env.gatewayUrl}/v1/chats/${chatId}/messages`, { headers: { cookie: stranger, 'x-correlation-id': 'trace-me-42' } });
    expect(((await traced.json()) as { error: { correlationId: string } }).error.correlationId).toBe('trace-me-42');
    await waitFor('chat to log trace-me-42', () => env.logs.chat.some((line) => line.correlationId === 'trace-me-42'));
  });

  it('refuses another visitor’s chat over the socket', async () => {
    const chats = await getJson<ChatListResponse>('/v1/chats', cookie);
    const stranger = await connectSocket(env.gatewayUrl, await fetchCookie(`${env.gatewayUrl}/health`));
    try {
      const ack = await sendForAck(stranger, { chatId: chats.chats[0].id, content: 'let me in' });
      expect(ack).toEqual({ error: expect.objectContaining({ code: 'CHAT_NOT_FOUND' }) });
    } finally {
      stranger.close();
    }
  });

  it.each([
    ['missing content', {}, 'VALIDATION_FAILED'],
    ['empty content', { content: '   ' }, 'VALIDATION_FAILED'],
    ['wrong type', { content: 123 }, 'VALIDATION_FAILED'],
    ['unknown field', { content: 'hi', admin: true }, 'VALIDATION_FAILED'],
    ['not an object', 'hello', 'VALIDATION_FAILED'],
    ['100 KB content', { content: 'x'.repeat(100 * 1024) }, 'PAYLOAD_TOO_LARGE'],
    ['unknown chat id', { chatId: randomUUID(), content: 'hello' }, 'CHAT_NOT_FOUND'],
    ['malformed chat id', { chatId: 'not-a-uuid', content: 'hello' }, 'VALIDATION_FAILED'],
  ])('answers %s with a stable error code and keeps the socket working', async (_, payload, code) => {
    const ack = await sendForAck(socket, payload);
    expect(ack).toEqual({ error: expect.objectContaining({ code, message: expect.any(String), correlationId: expect.any(String) }) });
    expect(socket.connected).toBe(true);
    const answer = await ask(socket, { content: 'What are the ATM withdrawal fees?' });
    expect(answer.done?.mode).toBe('retrieval-only');
  });

  it('emits chat:error when the client sends no acknowledgement callback', async () => {
    const error = new Promise((resolve) => socket.once('chat:error', resolve));
    socket.emit('chat:send', { content: 42 });
    expect(await error).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
