import { createClient } from '@eloquent/client';
import { SocketEvents, type ChatListResponse, type ChatSummary } from '@eloquent/contracts';
import { ask, startTestStack, TestTokenSigner, tamper, type TestStack } from '@eloquent/testing';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { anonymousCookie, call, connectAs, emitAck, type Caller } from './support/gateway-client';

const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';

/**
 * The gateway's identity and edge, on real processes: Clerk session tokens (signed here,
 * verified by @clerk/backend), anonymous sessions and their adoption, ownership on every
 * REST route and socket event, the admin role, security headers, CORS, size limits,
 * validation and the OpenAPI document.
 */
describe('gateway: identity, ownership and the edge', () => {
  const signer = new TestTokenSigner();
  let env: TestStack;
  let base: string;
  const sockets: Socket[] = [];

  const user = (id: string, claims: Record<string, unknown> = {}): Caller => ({ token: signer.token(id, claims) });
  const anonymous = async (): Promise<Caller> => ({ cookie: await anonymousCookie(base) });
  const socketFor = async (caller: Caller) => {
    const socket = await connectAs(base, caller);
    sockets.push(socket);
    return socket;
  };
  const errorOf = (response: { body: unknown }) => (response.body as { error: { code: string; message: string; correlationId?: string } }).error;

  beforeAll(async () => {
    env = await startTestStack('gwauth', {
      ...signer.gatewayEnv,
      CLERK_ADMIN_CLAIM: 'metadata.role',
      ADMIN_API_KEY: ADMIN_KEY,
      CORS_ORIGINS: 'https://app.example',
    });
    base = env.gatewayUrl;
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await env?.stop();
  });

  describe('session tokens', () => {
    it('identifies a signed-in user over HTTP and the socket', async () => {
      const alice = user('user_tok_alice');
      const created = await call<ChatSummary>(base, 'POST', '/v1/chats', alice, { title: 'Alice’s chat' });
      expect(created.status).toBe(201);
      // no anonymous cookie is handed to a signed-in caller
      expect(created.headers.getSetCookie()).toEqual([]);
      // The SDK asks for a fresh token on each connect and REST call.
      const client = createClient({ url: base, getToken: () => signer.token('user_tok_alice') });
      try {
        const answer = await client.ask('How do I freeze my card?', { chatId: created.body.id }).done;
        expect(answer.chatId).toBe(created.body.id);
        const listed = await client.chats.list();
        expect(listed.chats.map((c) => c.id)).toEqual([created.body.id]);
      } finally {
        client.close();
      }
    });

    const badTokens: Array<[string, string, () => string]> = [
      ['expired', 'TOKEN_EXPIRED', () => signer.token('user_x', {}, { expiresIn: -30 })],
      ['not yet valid', 'TOKEN_INVALID', () => signer.token('user_x', {}, { notBefore: 300 })],
      ['from another issuer', 'TOKEN_INVALID', () => signer.token('user_x', { iss: 'https://clerk.other.example' })],
      ['for another authorized party', 'TOKEN_INVALID', () => signer.token('user_x', { azp: 'https://evil.example' })],
      ['tampered with', 'TOKEN_INVALID', () => tamper(signer.token('user_x'), { sub: 'user_tok_alice' })],
      ['unsigned (alg: none)', 'TOKEN_INVALID', () => signer.unsigned('user_tok_alice')],
      ['signed by a stranger', 'TOKEN_INVALID', () => new TestTokenSigner().token('user_tok_alice')],
      ['empty', 'TOKEN_INVALID', () => ''],
    ];

    it.each(badTokens)('refuses a token %s over HTTP: 401 %s', async (_, code, token) => {
      const response = await call(base, 'GET', '/v1/chats', { token: token(), cookie: (await anonymous()).cookie });
      expect(response.status).toBe(401);
      expect(errorOf(response)).toEqual(expect.objectContaining({ code, message: expect.any(String), correlationId: expect.any(String) }));
    });

    it.each(badTokens)('refuses the socket handshake of a token %s: connect_error %s', async (_, code, token) => {
      const error = (await connectAs(base, { token: token() }).then(
        () => undefined,
        (e: unknown) => e,
      )) as Error & { data?: { code: string; correlationId?: string } };
      expect(error?.message).toBe(code);
      expect(error.data).toEqual(expect.objectContaining({ code, correlationId: expect.any(String) }));
    });

    it('refuses a socket whose auth.token is not a string', async () => {
      const socket = io(base, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: 42 } });
      const refused = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
      socket.close();
      expect(refused.data?.code).toBe('TOKEN_INVALID');
    });
  });

  describe('anonymous sessions and adoption', () => {
    it('moves the anonymous chats to the account once, over HTTP, and drops the cookie', async () => {
      const visitor = await anonymous();
      const first = await call<ChatSummary>(base, 'POST', '/v1/chats', visitor, { title: 'Before signing in' });
      const second = await call<ChatSummary>(base, 'POST', '/v1/chats', visitor, { title: 'Another one' });
      expect([first.status, second.status]).toEqual([201, 201]);

      const signedIn = await call<ChatListResponse>(base, 'GET', '/v1/chats', { ...visitor, token: signer.token('user_adopter') });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.chats.map((c) => c.id).sort()).toEqual([first.body.id, second.body.id].sort());
      expect(signedIn.headers.getSetCookie().join()).toMatch(/eloquent_anon=;.*Max-Age=0/);

      // The chats left the anonymous session…
      expect((await call<ChatListResponse>(base, 'GET', '/v1/chats', visitor)).body.chats).toEqual([]);
      // …and a second account presenting the same cookie gets nothing.
      const other = await call<ChatListResponse>(base, 'GET', '/v1/chats', { ...visitor, token: signer.token('user_second_account') });
      expect(other.body.chats).toEqual([]);
      expect((await call<ChatListResponse>(base, 'GET', '/v1/chats', user('user_adopter'))).body.chats).toHaveLength(2);
    });

    it('moves them on a socket handshake too', async () => {
      const visitor = await anonymous();
      const chat = await call<ChatSummary>(base, 'POST', '/v1/chats', visitor, { title: 'Asked anonymously' });
      await socketFor({ ...visitor, token: signer.token('user_socket_adopter') });
      const listed = await call<ChatListResponse>(base, 'GET', '/v1/chats', user('user_socket_adopter'));
      expect(listed.body.chats.map((c) => c.id)).toEqual([chat.body.id]);
    });
  });

  describe('ownership: someone else’s chat is not found, on every route and event', () => {
    interface Owned {
      owner: () => Promise<Caller>;
      chatId: string;
      messageId: string;
      title: string;
    }
    const victims: Record<string, Owned> = {};

    beforeAll(async () => {
      for (const [name, owner] of [
        ['a signed-in user', async () => user('user_victim')],
        [
          'an anonymous visitor',
          (() => {
            const cookie = anonymous();
            return () => cookie;
          })(),
        ],
      ] as const) {
        const caller = await owner();
        const socket = await socketFor(caller);
        const answer = await ask(socket, { content: 'What are the ATM withdrawal fees?' });
        if ('error' in answer.ack) throw new Error(`ask failed: ${answer.ack.error.code}`);
        const chats = await call<ChatListResponse>(base, 'GET', '/v1/chats', await owner());
        victims[name] = { owner, chatId: answer.ack.chatId, messageId: answer.ack.messageId, title: chats.body.chats[0].title };
      }
    });

    const attackers: Array<[string, () => Promise<Caller>]> = [
      ['another signed-in user', async () => user('user_attacker')],
      ['another anonymous visitor', () => anonymous()],
      ['an admin (the role is for documents, not chats)', async () => user('user_admin_attacker', { metadata: { role: 'admin' } })],
    ];
    const victimNames = ['a signed-in user', 'an anonymous visitor'];
    const cases = victimNames.flatMap((victim) => attackers.map(([attacker, as]) => [victim, attacker, as] as const));

    it.each(cases)('%s’s chat, as %s: every REST route answers 404', async (victim, _, as) => {
      const target = victims[victim];
      const attacker = await as();
      const expectNotFound = async (method: string, path: string, code: string, body?: unknown) => {
        const response = await call(base, method, path, attacker, body);
        expect({ route: `${method} ${path}`, status: response.status, code: errorOf(response)?.code }).toEqual({
          route: `${method} ${path}`,
          status: 404,
          code,
        });
      };
      await expectNotFound('GET', `/v1/chats/${target.chatId}/messages`, 'CHAT_NOT_FOUND');
      await expectNotFound('PATCH', `/v1/chats/${target.chatId}`, 'CHAT_NOT_FOUND', { title: 'pwned' });
      await expectNotFound('DELETE', `/v1/chats/${target.chatId}`, 'CHAT_NOT_FOUND');
      await expectNotFound('GET', `/v1/messages/${target.messageId}`, 'MESSAGE_NOT_FOUND');
      await expectNotFound('PUT', `/v1/messages/${target.messageId}/feedback`, 'MESSAGE_NOT_FOUND', { rating: 'down' });
      const list = await call<ChatListResponse>(base, 'GET', '/v1/chats', attacker);
      expect(list.body.chats.map((c) => c.id)).not.toContain(target.chatId);
    });

    it.each(cases)('%s’s chat, as %s: every socket event answers not found', async (victim, _, as) => {
      const target = victims[victim];
      const socket = await socketFor(await as());
      expect(await emitAck(socket, SocketEvents.send, { chatId: target.chatId, content: 'let me in' })).toEqual({
        error: expect.objectContaining({ code: 'CHAT_NOT_FOUND' }),
      });
      expect(await emitAck(socket, SocketEvents.stop, { messageId: target.messageId })).toEqual({
        error: expect.objectContaining({ code: 'MESSAGE_NOT_FOUND' }),
      });
      expect(await emitAck(socket, SocketEvents.resume, { messageId: target.messageId, lastSeq: -1 })).toEqual({
        error: expect.objectContaining({ code: 'MESSAGE_NOT_FOUND' }),
      });
      expect(await emitAck(socket, SocketEvents.feedback, { messageId: target.messageId, rating: 'down' })).toEqual({
        error: expect.objectContaining({ code: 'MESSAGE_NOT_FOUND' }),
      });
    });

    it.each(victimNames)('%s’s chat is untouched, and the owner can do all of it', async (victim) => {
      const target = victims[victim];
      const owner = await target.owner();
      const messages = await call<{ messages: Array<{ id: string }> }>(base, 'GET', `/v1/chats/${target.chatId}/messages`, owner);
      expect(messages.body.messages.map((m) => m.id)).toContain(target.messageId);
      expect((await call<{ id: string }>(base, 'GET', `/v1/messages/${target.messageId}`, owner)).body.id).toBe(target.messageId);
      const socket = await socketFor(owner);
      expect(await emitAck(socket, SocketEvents.stop, { messageId: target.messageId })).toEqual({ stopped: false });
      expect(await emitAck(socket, SocketEvents.resume, { messageId: target.messageId, lastSeq: -1 })).toEqual(
        expect.objectContaining({ message: expect.objectContaining({ id: target.messageId }) }),
      );
      // Nobody else's rating reached it: the owner's is the only one.
      expect((await call<{ feedback?: unknown }>(base, 'GET', `/v1/messages/${target.messageId}`, owner)).body.feedback).toBeUndefined();
      expect(await emitAck(socket, SocketEvents.feedback, { messageId: target.messageId, rating: 'up' })).toEqual({
        message: expect.objectContaining({ id: target.messageId, feedback: expect.objectContaining({ rating: 'up' }) }),
      });
      const renamed = await call<ChatSummary>(base, 'PATCH', `/v1/chats/${target.chatId}`, owner, { title: 'Renamed by its owner' });
      expect(renamed.body.title).toBe('Renamed by its owner');
      expect((await call(base, 'DELETE', `/v1/chats/${target.chatId}`, owner)).status).toBe(204);
      expect((await call(base, 'GET', `/v1/chats/${target.chatId}/messages`, owner)).status).toBe(404);
    });
  });

  describe('admin role', () => {
    const search = (caller: Caller, body: unknown = { query: 'card dispute', topK: 3 }) =>
      call<{ chunks: unknown[] }>(base, 'POST', '/v1/search', caller, body);

    it('lets in the admin claim and the admin key', async () => {
      const byClaim = await search(user('user_root', { metadata: { role: 'admin' } }));
      expect(byClaim.status).toBe(200);
      expect(byClaim.body.chunks.length).toBeGreaterThan(0);
      expect((await search({ headers: { 'x-admin-key': ADMIN_KEY } })).status).toBe(200);
    });

    it('refuses everyone else', async () => {
      expect(errorOf(await search({}))).toMatchObject({ code: 'UNAUTHORIZED' });
      expect((await search(await anonymous())).status).toBe(401);
      const member = await search(user('user_member', { metadata: { role: 'member' } }));
      expect([member.status, errorOf(member).code]).toEqual([403, 'FORBIDDEN']);
      const wrongKey = await search({ headers: { 'x-admin-key': 'not-the-admin-key-000' } });
      expect([wrongKey.status, errorOf(wrongKey).code]).toEqual([401, 'UNAUTHORIZED']);
      // a forged admin claim does not get past the signature check
      expect((await search({ token: tamper(signer.token('user_member'), { metadata: { role: 'admin' } }) })).status).toBe(401);
    });

    it('validates the admin’s request strictly too', async () => {
      const response = await search({ headers: { 'x-admin-key': ADMIN_KEY } }, { query: 'fees', debug: true });
      expect([response.status, errorOf(response).code]).toEqual([400, 'VALIDATION_FAILED']);
    });
  });

  describe('edge hygiene', () => {
    it('sends security headers with a strict Content-Security-Policy', async () => {
      const page = await call(base, 'GET', '/', {});
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(page.headers.get('x-powered-by')).toBeNull();
    });

    it('allows CORS only from the configured origins', async () => {
      const allowed = await call(base, 'GET', '/v1/chats', { headers: { origin: 'https://app.example' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      const denied = await call(base, 'GET', '/v1/chats', { headers: { origin: 'https://evil.example' } });
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('refuses a websocket opened from another site (CORS does not cover websockets)', async () => {
      await expect(connectAs(base, { headers: { origin: 'https://evil.example' } })).rejects.toBeDefined();
      await socketFor({ headers: { origin: 'https://app.example' } });
    });

    it('refuses bodies over the size limit with 413', async () => {
      const response = await call(base, 'POST', '/v1/chats', {}, { title: 'x'.repeat(2 * 1024 * 1024) });
      expect([response.status, errorOf(response).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });

    it('drops a socket message over the size limit without harming the server', async () => {
      const socket = await socketFor(await anonymous());
      const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      socket.emit(SocketEvents.send, { content: 'x'.repeat(2 * 1024 * 1024) });
      expect(await closed).toBe('transport close');
      expect((await call(base, 'GET', '/health', {})).status).toBe(200);
    });

    it.each([
      ['an unknown body field', 'POST', '/v1/chats', { title: 'ok', ownerId: 'user_victim' }],
      ['an empty title', 'PATCH', `/v1/chats/${randomUUID()}`, { title: '  ' }],
      ['a missing title', 'PATCH', `/v1/chats/${randomUUID()}`, {}],
      ['a malformed chat id', 'GET', '/v1/chats/not-a-uuid/messages', undefined],
      ['a malformed message id', 'GET', '/v1/messages/42', undefined],
      ['an unknown query parameter', 'GET', '/v1/chats?userId=user_victim', undefined],
      ['a page size out of range', 'GET', '/v1/chats?limit=1000', undefined],
      ['a malformed cursor', 'GET', '/v1/chats?before=yesterday', undefined],
      ['a body that is not JSON', 'POST', '/v1/chats', '{"title":'],
    ])('answers %s with 400 VALIDATION_FAILED', async (_, method, path, body) => {
      const response = await call(base, method, path, await anonymous(), body);
      expect(response.status).toBe(400);
      expect(errorOf(response)).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', correlationId: expect.any(String) }));
    });

    it('pages through chats', async () => {
      const caller = user('user_pager');
      for (const title of ['one', 'two', 'three']) await call(base, 'POST', '/v1/chats', caller, { title });
      const first = await call<ChatListResponse>(base, 'GET', '/v1/chats?limit=2', caller);
      expect(first.body.chats.map((c) => c.title)).toEqual(['three', 'two']);
      const rest = await call<ChatListResponse>(base, 'GET', `/v1/chats?limit=2&before=${encodeURIComponent(first.body.nextBefore!)}`, caller);
      expect(rest.body).toEqual({ chats: [expect.objectContaining({ title: 'one' })] });
    });

    it('answers an unknown route in the one error shape', async () => {
      const response = await call(base, 'GET', '/v1/nothing-here', {});
      expect(response.status).toBe(404);
      expect(errorOf(response)).toEqual(expect.objectContaining({ code: 'NOT_FOUND', correlationId: expect.any(String) }));
    });

    it('publishes the OpenAPI document and Swagger UI at /docs', async () => {
      const document = await call<{ paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } }>(
        base,
        'GET',
        '/docs/json',
        {},
      );
      expect(document.status).toBe(200);
      expect(Object.keys(document.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/chats',
          '/v1/chats/{chatId}',
          '/v1/chats/{chatId}/messages',
          '/v1/messages/{messageId}',
          '/v1/messages/{messageId}/feedback',
          '/v1/search',
          '/v1/documents',
          '/v1/answers/review',
        ]),
      );
      expect(Object.keys(document.body.paths['/v1/chats'])).toEqual(expect.arrayContaining(['get', 'post']));
      expect(Object.keys(document.body.paths['/v1/chats/{chatId}'])).toEqual(expect.arrayContaining(['patch', 'delete']));
      expect(Object.keys(document.body.components.securitySchemes)).toEqual(expect.arrayContaining(['clerk', 'anonymous', 'admin-key']));
      const ui = await call<string>(base, 'GET', '/docs', {});
      expect(ui.status).toBe(200);
      expect(ui.body).toContain('swagger-ui');
      // The socket contract, linked from the REST document's description.
      expect(JSON.stringify(document.body)).toContain('/docs/asyncapi.json');
      const asyncApi = await call<{ asyncapi: string; components: { messages: Record<string, { name: string }> } }>(base, 'GET', '/docs/asyncapi.json', {});
      expect(asyncApi.status).toBe(200);
      expect(asyncApi.body.asyncapi).toBe('3.0.0');
      expect(Object.values(asyncApi.body.components.messages).map((m) => m.name)).toEqual(expect.arrayContaining(Object.values(SocketEvents)));
    });
  });
});
