import { SocketEvents } from '@eloquent/contracts';
import { connectSocket, fetchCookie, startTestStack, waitFor, type TestStack } from '@eloquent/testing';
import { connect } from 'node:net';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';

const ADMIN_KEY = 'e2e-hostile-admin-key-0123456789';

/**
 * Input meant to break things, against the real stack (docs/failure-modes.md): each is a
 * clear 4xx or an error ack with a stable code, nothing is half-written, and the service
 * stays up.
 */
describe('hostile input', () => {
  let env: TestStack;
  let cookie: string;
  let socket: Socket;
  let db: Client;

  beforeAll(async () => {
    env = await startTestStack('hostile', { ADMIN_API_KEY: ADMIN_KEY, MAX_PAYLOAD_BYTES: '65536' });
    cookie = await fetchCookie(`${env.gatewayUrl}/health`);
    socket = await connectSocket(env.gatewayUrl, cookie);
    db = new Client({ connectionString: env.database.url });
    await db.connect();
  }, 400_000);

  afterAll(async () => {
    socket?.close();
    await db?.end();
    await env?.stop();
  });

  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${env.gatewayUrl}${path}`, { method: 'POST', headers: { cookie, 'x-admin-key': ADMIN_KEY, ...headers }, body });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
  };
  const postJson = (path: string, body: unknown) => post(path, JSON.stringify(body), { 'content-type': 'application/json' });
  const countRows = async () => Number((await db.query('SELECT (SELECT count(*) FROM chat.chats) + (SELECT count(*) FROM chat.messages) AS n')).rows[0].n);

  it('refuses NUL characters in every text that would reach Postgres: 400 VALIDATION_FAILED, nothing stored', async () => {
    const rowsBefore = await countRows();
    expect(await postJson('/v1/chats', { title: 'a\u0000b' })).toEqual({
      status: 400,
      body: { error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) },
    });
    const ack = await socket.timeout(10_000).emitWithAck(SocketEvents.send, { content: '\u0000' });
    expect(ack).toEqual({ error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) });
    const ack2 = await socket.timeout(10_000).emitWithAck(SocketEvents.send, { content: 'How do I freeze\u0000 my card?' });
    expect(ack2).toEqual({ error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) });
    expect(await countRows()).toBe(rowsBefore);

    const document = { externalId: 'nul', title: 'NUL', text: 'A body.' };
    for (const field of ['externalId', 'title', 'text'] as const) {
      const refused = await postJson('/v1/documents', { namespace: 'hostile', documents: [{ ...document, [field]: 'x\u0000y' }] });
      expect(refused).toEqual({ status: 400, body: { error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) } });
    }
    const metadata = await postJson('/v1/documents', { namespace: 'hostile', documents: [{ ...document, metadata: { lang: 'e\u0000n' } }] });
    expect(metadata.status).toBe(400);
    // The service is fine afterwards.
    expect((await postJson('/v1/chats', { title: 'fine' })).status).toBe(201);
  });

  it('answers a non-JSON body with 415 instead of creating a chat from nothing', async () => {
    const rowsBefore = await countRows();
    expect(await post('/v1/chats', 'title=hello', { 'content-type': 'application/x-www-form-urlencoded' })).toEqual({
      status: 415,
      body: { error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) },
    });
    expect((await post('/v1/chats', '{"title":"x"}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await countRows()).toBe(rowsBefore);
    // Malformed JSON is a 400, an empty POST still creates an untitled chat.
    expect((await post('/v1/chats', '{"title":', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await post('/v1/chats', '')).status).toBe(201);
  });

  it('refuses a __proto__ key in a search filter (400), never drops it silently', async () => {
    const refused = await post('/v1/search', '{"query":"card","filter":{"__proto__":"x","lang":"en"}}', { 'content-type': 'application/json' });
    expect(refused).toEqual({
      status: 400,
      body: { error: expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('__proto__') }) },
    });
    expect((await postJson('/v1/search', { query: 'card', filter: { lang: 'en' } })).status).toBe(200);
  });

  it('answers a declared Content-Length above MAX_PAYLOAD_BYTES with 413 at once, without waiting for the body', async () => {
    const { port } = new URL(env.gatewayUrl);
    const response = await new Promise<string>((resolve, reject) => {
      const client = connect(Number(port), '127.0.0.1', () => {
        // Headers only: the 1 GB body is never sent.
        client.write(`POST /v1/chats HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n`);
      });
      let received = '';
      client.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
      client.on('end', () => resolve(received));
      client.on('close', () => resolve(received));
      client.on('error', reject);
    });
    expect(response).toMatch(/^HTTP\/1\.1 413/);
    expect(response).toContain('"code":"PAYLOAD_TOO_LARGE"');
    // A body within the limit is still read as usual.
    expect((await postJson('/v1/chats', { title: 'small' })).status).toBe(201);
  });

  it('acknowledges an unknown socket event with an error (stable code), and the socket stays usable', async () => {
    const ack = await socket.timeout(5_000).emitWithAck('chat:nonsense', { anything: true });
    expect(ack).toEqual({ error: expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('chat:nonsense') }) });
    const errors: unknown[] = [];
    socket.on(SocketEvents.error, (event: unknown) => errors.push(event));
    socket.emit('no-ack-event', 1);
    await waitFor('chat:error for an unknown event without an ack', () => errors.length > 0 || undefined, 5_000, 20);
    expect(errors[0]).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    const stop = await socket.timeout(5_000).emitWithAck(SocketEvents.stop, { messageId: '00000000-0000-4000-8000-000000000000' });
    expect(stop).toEqual({ error: expect.objectContaining({ code: 'MESSAGE_NOT_FOUND' }) });
  });
});
