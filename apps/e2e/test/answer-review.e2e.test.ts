import {
  MAX_FEEDBACK_COMMENT_CHARS,
  SocketEvents,
  type ChatFeedbackAck,
  type ChatMessagesResponse,
  type ChatReviewResponse,
  type MessageView,
} from '@eloquent/contracts';
import { ask, startTestStack, TestTokenSigner, waitFor, type TestStack } from '@eloquent/testing';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { anonymousCookie, call, connectAs, emitAck, type Caller } from './support/gateway-client';

const ADMIN_KEY = 'e2e-review-admin-key-0123456789';
const ADMIN: Caller = { headers: { 'x-admin-key': ADMIN_KEY } };
/** Nothing in the help center covers it: the keyless stack abstains. */
const OUT_OF_SCOPE = 'What is the weather in Paris tomorrow?';
/** Worded unlike the article that covers it: the keyless stack abstains and suggests that article. */
const MOVED_HOUSE = 'I moved house, where do I update where I live?';

/**
 * Answer review end to end (docs/gateway.md, "Answer review"), on real processes: the asker
 * rates an answer over the socket (`chat:feedback`) and over REST
 * (`PUT /v1/messages/:messageId/feedback`), replaces and withdraws the rating; nobody else can;
 * an answer that abstained says so; and an admin lists abstained, disliked and picked answers
 * with the questions they answered (`GET /v1/answers/review`).
 */
describe('answer review: ratings and the admin review lists', () => {
  const signer = new TestTokenSigner();
  let env: TestStack;
  let base: string;
  const sockets: Socket[] = [];

  const socketFor = async (caller: Caller) => {
    const socket = await connectAs(base, caller);
    sockets.push(socket);
    return socket;
  };
  const errorOf = (response: { body: unknown }) => (response.body as { error?: { code: string; correlationId?: string } }).error;
  /** Asks as `caller` over the socket; the ids of the answer and of the question. */
  const askAs = async (caller: Caller, content: string) => {
    const answer = await ask(await socketFor(caller), { content });
    if ('error' in answer.ack) throw new Error(`ask failed: ${answer.ack.error.code}`);
    const { chatId, messageId } = answer.ack;
    const { body } = await call<ChatMessagesResponse>(base, 'GET', `/v1/chats/${chatId}/messages`, caller);
    const question = body.messages.find((m) => m.role === 'user')!;
    return { chatId, messageId, questionId: question.id, done: answer.done, text: answer.text };
  };
  const stored = async (caller: Caller, messageId: string) => (await call<MessageView>(base, 'GET', `/v1/messages/${messageId}`, caller)).body;
  const review = (filter: string, caller: Caller = ADMIN, query = '') =>
    call<ChatReviewResponse>(base, 'GET', `/v1/answers/review?filter=${filter}${query}`, caller);

  beforeAll(async () => {
    env = await startTestStack('review', {
      ...signer.gatewayEnv,
      CLERK_ADMIN_CLAIM: 'metadata.role',
      ADMIN_API_KEY: ADMIN_KEY,
    });
    base = env.gatewayUrl;
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await env?.stop();
  });

  it('rates an answer over the socket: the ack and GET /v1/messages/:id carry the rating; a new one replaces it, null withdraws it', async () => {
    const visitor: Caller = { cookie: await anonymousCookie(base) };
    const { messageId } = await askAs(visitor, 'How do I dispute a card transaction?');
    const socket = await socketFor(visitor);

    const up = await emitAck<ChatFeedbackAck>(socket, SocketEvents.feedback, { messageId, rating: 'up', comment: '  Clear steps, thanks  ' });
    expect(up).toEqual({
      message: expect.objectContaining({
        id: messageId,
        role: 'assistant',
        feedback: { rating: 'up', comment: 'Clear steps, thanks', at: expect.any(String) },
      }),
    });
    expect((await stored(visitor, messageId)).feedback).toEqual({ rating: 'up', comment: 'Clear steps, thanks', at: expect.any(String) });

    const down = await emitAck<ChatFeedbackAck>(socket, SocketEvents.feedback, { messageId, rating: 'down' });
    expect('message' in down && down.message.feedback).toEqual({ rating: 'down', at: expect.any(String) }); // the comment went with the old rating
    expect((await stored(visitor, messageId)).feedback).toMatchObject({ rating: 'down' });

    const withdrawn = await emitAck<ChatFeedbackAck>(socket, SocketEvents.feedback, { messageId, rating: null });
    expect('message' in withdrawn && withdrawn.message.feedback).toBeUndefined();
    expect((await stored(visitor, messageId)).feedback).toBeUndefined();
  });

  it('rates an answer over REST: PUT /v1/messages/:messageId/feedback answers the stored message', async () => {
    const alice: Caller = { token: signer.token('user_review_alice') };
    const { messageId } = await askAs(alice, 'How do I freeze my card?');

    const rated = await call<MessageView>(base, 'PUT', `/v1/messages/${messageId}/feedback`, alice, {
      rating: 'down',
      comment: 'Did not say how to unfreeze it',
    });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ id: messageId, feedback: { rating: 'down', comment: 'Did not say how to unfreeze it', at: expect.any(String) } });
    expect((await stored(alice, messageId)).feedback).toEqual(rated.body.feedback);

    const withdrawn = await call<MessageView>(base, 'PUT', `/v1/messages/${messageId}/feedback`, alice, { rating: null });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.feedback).toBeUndefined();
    expect((await stored(alice, messageId)).feedback).toBeUndefined();
  });

  it('lets only the asker rate (anyone else: MESSAGE_NOT_FOUND), and only an answer (a question: VALIDATION_FAILED)', async () => {
    const owner: Caller = { token: signer.token('user_review_owner') };
    const { messageId, questionId } = await askAs(owner, 'What are the ATM withdrawal fees?');
    const strangers: Caller[] = [
      { token: signer.token('user_review_stranger') },
      { cookie: await anonymousCookie(base) },
      { token: signer.token('user_review_admin', { metadata: { role: 'admin' } }) }, // the admin role is not ownership
    ];
    for (const stranger of strangers) {
      const rest = await call(base, 'PUT', `/v1/messages/${messageId}/feedback`, stranger, { rating: 'down' });
      expect([rest.status, errorOf(rest)?.code]).toEqual([404, 'MESSAGE_NOT_FOUND']);
      const ack = await emitAck(await socketFor(stranger), SocketEvents.feedback, { messageId, rating: 'down' });
      expect(ack).toEqual({ error: expect.objectContaining({ code: 'MESSAGE_NOT_FOUND', correlationId: expect.any(String) }) });
    }
    const unknown = await call(base, 'PUT', `/v1/messages/${randomUUID()}/feedback`, owner, { rating: 'up' });
    expect([unknown.status, errorOf(unknown)?.code]).toEqual([404, 'MESSAGE_NOT_FOUND']);
    const ownQuestion = await call(base, 'PUT', `/v1/messages/${questionId}/feedback`, owner, { rating: 'up' });
    expect([ownQuestion.status, errorOf(ownQuestion)?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await stored(owner, messageId)).feedback).toBeUndefined(); // untouched
  });

  it.each([
    ['a rating that is not up, down or null', { rating: 'meh' }],
    ['a missing rating', { comment: 'no rating' }],
    ['an unknown field', { rating: 'up', userId: 'user_review_owner' }],
    ['a comment that is not text', { rating: 'up', comment: 42 }],
    ['a comment over the limit', { rating: 'down', comment: 'x'.repeat(MAX_FEEDBACK_COMMENT_CHARS + 1) }],
  ])('refuses %s: 400 over REST, VALIDATION_FAILED over the socket', async (_, body) => {
    const visitor: Caller = { cookie: await anonymousCookie(base) };
    const { messageId } = await askAs(visitor, 'How long does an international transfer take?');
    const rest = await call(base, 'PUT', `/v1/messages/${messageId}/feedback`, visitor, body);
    expect([rest.status, errorOf(rest)?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const ack = await emitAck(await socketFor(visitor), SocketEvents.feedback, { messageId, ...body });
    expect(ack).toEqual({ error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) });
    expect((await stored(visitor, messageId)).feedback).toBeUndefined();
  });

  it('refuses a malformed message id and a payload that is not an object', async () => {
    const visitor: Caller = { cookie: await anonymousCookie(base) };
    const rest = await call(base, 'PUT', '/v1/messages/42/feedback', visitor, { rating: 'up' });
    expect([rest.status, errorOf(rest)?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const socket = await socketFor(visitor);
    expect(await emitAck(socket, SocketEvents.feedback, 'up')).toEqual({ error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) });
    expect(await emitAck(socket, SocketEvents.feedback, { messageId: 'not-a-uuid', rating: 'up' })).toEqual({
      error: expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    });
  });

  it('lists an answer that abstained, with its question, for an admin', async () => {
    const visitor: Caller = { cookie: await anonymousCookie(base) };
    const abstained = await askAs(visitor, OUT_OF_SCOPE);
    expect(abstained.done).toEqual(expect.objectContaining({ messageId: abstained.messageId, abstained: true }));
    expect(await stored(visitor, abstained.messageId)).toMatchObject({ abstained: true, citations: [] });
    const answered = await askAs(visitor, 'How do I dispute a card transaction?');
    expect(answered.done?.abstained).toBeUndefined();

    const listed = await review('abstained');
    expect(listed.status).toBe(200);
    const entry = listed.body.answers.find((a) => a.answer.id === abstained.messageId);
    expect(entry).toEqual({ question: OUT_OF_SCOPE, answer: expect.objectContaining({ role: 'assistant', abstained: true, content: abstained.text }) });
    expect(listed.body.answers.map((a) => a.answer.id)).not.toContain(answered.messageId);
  });

  it('lists an abstention after which the customer picked a suggested article, with its question and the pick', async () => {
    const visitor: Caller = { cookie: await anonymousCookie(base) };
    const unpicked = await askAs(visitor, OUT_OF_SCOPE);
    const refused = await askAs(visitor, MOVED_HOUSE);
    const picked = refused.done!.suggestedArticles!.find((a) => a.url!.endsWith('/change-your-personal-details'))!;
    // The next question in that chat asks the suggested title (docs/chat.md, "Suggested articles", Picks).
    const followUp = await ask(await socketFor(visitor), { content: picked.title, chatId: refused.chatId });
    expect(followUp.done?.abstained).toBeUndefined();

    // Recorded once chat has handled the follow-up; the list shows it then.
    const listed = await waitFor('the pick to reach the list of picks', async () => {
      const response = await review('picked');
      return response.body.answers.some((a) => a.answer.id === refused.messageId) && response;
    });
    expect(listed.status).toBe(200);
    expect(listed.body.answers.find((a) => a.answer.id === refused.messageId)).toEqual({
      question: MOVED_HOUSE,
      answer: expect.objectContaining({ abstained: true, suggestionPicked: picked.documentId, content: refused.text }),
    });
    expect(listed.body.answers.map((a) => a.answer.id)).not.toContain(unpicked.messageId);
    expect(listed.body.answers.every((a) => typeof a.answer.suggestionPicked === 'string')).toBe(true);
    expect((await review('abstained')).body.answers.map((a) => a.answer.id)).toEqual(expect.arrayContaining([unpicked.messageId, refused.messageId]));
  });

  it('lists an answer the customer said did not help, with its question', async () => {
    const visitor: Caller = { cookie: await anonymousCookie(base) };
    const answered = await askAs(visitor, 'How do I dispute a card transaction?');
    const other = await askAs(visitor, 'How do I freeze my card?');
    const complaint = await ask(await socketFor(visitor), { content: 'that did not answer my question', chatId: answered.chatId });
    expect(complaint.done?.smallTalk).toBe('dissatisfied');
    // Recorded once chat has ended the reply; the list shows it then.
    const listed = await waitFor('the answer to reach the list of unhelpful ones', async () => {
      const response = await review('unhelpful');
      return response.body.answers.some((a) => a.answer.id === answered.messageId) && response;
    });
    expect(listed.body.answers.find((a) => a.answer.id === answered.messageId)).toEqual({
      question: 'How do I dispute a card transaction?',
      answer: expect.objectContaining({ saidUnhelpful: true, content: answered.text }),
    });
    expect(listed.body.answers.map((a) => a.answer.id)).not.toContain(other.messageId);
    expect(await stored(visitor, answered.messageId)).toMatchObject({ saidUnhelpful: true });
  });

  it('lists disliked answers with their questions and comments, newest first, a page at a time', async () => {
    const visitor: Caller = { cookie: await anonymousCookie(base) };
    const older = await askAs(visitor, 'Why was my card payment declined?');
    const newer = await askAs(visitor, 'How do I order a new card?');
    const liked = await askAs(visitor, 'How do I freeze my card?');
    for (const [messageId, rating, comment] of [
      [older.messageId, 'down', 'Wrong article'],
      [newer.messageId, 'down', undefined],
      [liked.messageId, 'up', undefined],
    ] as const) {
      const rated = await call(base, 'PUT', `/v1/messages/${messageId}/feedback`, visitor, { rating, ...(comment ? { comment } : {}) });
      expect(rated.status).toBe(200);
    }

    const listed = await review('disliked');
    expect(listed.status).toBe(200);
    const ids = listed.body.answers.map((a) => a.answer.id);
    expect(ids).toEqual(expect.arrayContaining([older.messageId, newer.messageId]));
    expect(ids).not.toContain(liked.messageId);
    expect(ids.indexOf(newer.messageId)).toBeLessThan(ids.indexOf(older.messageId));
    expect(listed.body.answers.find((a) => a.answer.id === older.messageId)).toEqual({
      question: 'Why was my card payment declined?',
      answer: expect.objectContaining({ feedback: { rating: 'down', comment: 'Wrong article', at: expect.any(String) } }),
    });

    const first = await review('disliked', ADMIN, '&limit=1');
    expect(first.body.answers).toHaveLength(1);
    expect(first.body.nextBefore).toEqual(expect.any(String));
    const rest = await review('disliked', ADMIN, `&limit=100&before=${encodeURIComponent(first.body.nextBefore!)}`);
    expect([first.body.answers[0].answer.id, ...rest.body.answers.map((a) => a.answer.id)]).toEqual(ids);

    // Withdrawn: off the list.
    await call(base, 'PUT', `/v1/messages/${older.messageId}/feedback`, visitor, { rating: null });
    expect((await review('disliked')).body.answers.map((a) => a.answer.id)).not.toContain(older.messageId);
  });

  it('lets in an admin session, and refuses everyone else', async () => {
    expect((await review('abstained', { token: signer.token('user_review_root', { metadata: { role: 'admin' } }) })).status).toBe(200);
    const none = await review('abstained', {});
    expect([none.status, errorOf(none)?.code]).toEqual([401, 'UNAUTHORIZED']);
    const visitor = await review('abstained', { cookie: await anonymousCookie(base) });
    expect([visitor.status, errorOf(visitor)?.code]).toEqual([401, 'UNAUTHORIZED']);
    const member = await review('disliked', { token: signer.token('user_review_member', { metadata: { role: 'member' } }) });
    expect([member.status, errorOf(member)?.code]).toEqual([403, 'FORBIDDEN']);
    const wrongKey = await review('disliked', { headers: { 'x-admin-key': 'not-the-admin-key-000' } });
    expect([wrongKey.status, errorOf(wrongKey)?.code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it.each([
    ['no filter', ''],
    ['an unknown filter', 'filter=liked'],
    ['a filter in the wrong case', 'filter=Picked'],
    ['a page size out of range', 'filter=abstained&limit=0'],
    ['a malformed cursor', 'filter=disliked&before=yesterday'],
    ['an unknown parameter', 'filter=disliked&userId=user_review_owner'],
  ])('answers an admin review request with %s with 400 VALIDATION_FAILED', async (_, query) => {
    const response = await call(base, 'GET', `/v1/answers/review?${query}`, ADMIN);
    expect([response.status, errorOf(response)?.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('documents the routes in OpenAPI and chat:feedback in AsyncAPI', async () => {
    const openApi = await call<{ paths: Record<string, Record<string, unknown>> }>(base, 'GET', '/docs/json', {});
    expect(Object.keys(openApi.body.paths['/v1/messages/{messageId}/feedback'])).toEqual(['put']);
    expect(Object.keys(openApi.body.paths['/v1/answers/review'])).toEqual(['get']);
    const reviewParameters = (openApi.body.paths['/v1/answers/review'].get as { parameters: Array<{ name: string; schema: { enum?: string[] } }> }).parameters;
    expect(reviewParameters.find((p) => p.name === 'filter')?.schema.enum).toEqual(['abstained', 'disliked', 'picked', 'unhelpful']);
    // A stored abstention carries the articles it suggested (docs/chat.md, "Suggested articles").
    expect(JSON.stringify(openApi.body.paths['/v1/messages/{messageId}'])).toContain('"suggestedArticles"');
    // And, once the customer asked one of their titles next, which one (the same section, Picks).
    expect(JSON.stringify(openApi.body.paths['/v1/messages/{messageId}'])).toContain('"suggestionPicked"');
    // And whether the customer said it did not help ("Reviewing answers").
    expect(JSON.stringify(openApi.body.paths['/v1/messages/{messageId}'])).toContain('"saidUnhelpful"');
    const asyncApi = await call<{ components: { messages: Record<string, { name: string }> } }>(base, 'GET', '/docs/asyncapi.json', {});
    expect(asyncApi.body.components.messages.chatFeedback.name).toBe(SocketEvents.feedback);
  });
});
