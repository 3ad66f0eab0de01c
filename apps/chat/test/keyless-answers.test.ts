import { BusClient } from '@eloquent/bus';
import { answerStreamKey, AppError } from '@eloquent/contracts';
import { connectSocket, fetchCookie, metricSample, RATE_LIMITS_OFF, startTestStack, TEST_REDIS_URL, waitFor, type TestStack } from '@eloquent/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { Client } from 'pg';
import { send } from './answer-events';
import { COVERED, HELD_OUT_COVERED, HELD_OUT_NOT_COVERED, NOT_COVERED } from './fixtures/labelled-questions';

const ABSTENTION = /^I couldn't find anything about this in our help center/;
/** The keyless notice (no key configured): not the fallback's "AI answers are unavailable right now". */
const RETRIEVAL_ONLY = /^_Answering from the help center directly\._\n\n/;

/** Keyless (no ANTHROPIC_API_KEY): the extractive generator answers, the chat patterns, abstention. */
describe('keyless answers and chat patterns', () => {
  let env: TestStack;
  let socket: Socket;
  let bus: BusClient;
  let db: Client;
  let userId: string;

  beforeAll(async () => {
    env = await startTestStack('chatkeyless', { ...RATE_LIMITS_OFF, ORPHAN_SWEEP_INTERVAL_MS: '200' }, { readyTimeoutMs: 180_000 });
    socket = await connectSocket(env.gatewayUrl, await fetchCookie(`${env.gatewayUrl}/health`));
    bus = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: env.prefix, name: 'chat-test', defaultTimeoutMs: 10_000 });
    db = new Client({ connectionString: env.database.url });
    await db.connect();
  }, 300_000);

  beforeEach(() => {
    userId = `anon:${randomUUID()}`;
  });

  afterAll(async () => {
    socket?.close();
    await bus?.close();
    await db?.end();
    await env?.stop();
  });

  async function answer(content: string, chatId?: string) {
    const sent = await send(socket, { content, ...(chatId ? { chatId } : {}) });
    await sent.events.until('the answer', () => sent.events.ended);
    return sent;
  }

  /** A sample from chat's `/metrics` (undefined before its first increment). */
  const chatMetric = async (name: string, labels: Record<string, string>) =>
    metricSample(await (await fetch(`http://127.0.0.1:${env.stack.ports.chat}/metrics`)).text(), name, labels);

  /** The anonymous user the socket asked as, who owns the chat. */
  const ownerOf = async (chatId: string) => (await db.query('SELECT owner_id FROM chat.chats WHERE id = $1', [chatId])).rows[0].owner_id as string;

  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: unknown) => (error instanceof AppError ? error.code : String(error)),
    );

  describe('the older labelled sets, worded like the articles (with the sample synonyms)', () => {
    /** Asks each question; returns those answered with citations and those abstained on. */
    async function classify(questions: readonly string[]): Promise<{ answered: string[]; abstained: string[] }> {
      const result = { answered: [] as string[], abstained: [] as string[] };
      for (const question of questions) {
        const { events } = await answer(question);
        expect(events.done?.mode).toBe('retrieval-only');
        if (ABSTENTION.test(events.text)) {
          expect(events.sources!.sources).toEqual([]);
          expect(events.done?.abstained).toBe(true);
          result.abstained.push(question);
        } else {
          expect(events.text).toMatch(RETRIEVAL_ONLY);
          expect(events.done).not.toHaveProperty('abstained');
          expect(events.sources!.sources.length).toBeGreaterThan(0);
          result.answered.push(question);
        }
      }
      return result;
    }

    it('answers the questions the knowledge base covers, with citations', async () => {
      expect((await classify(COVERED)).abstained).toEqual([]);
      // 38 answers one after the other: longer than the default on a busy machine.
    }, 120_000);

    it('answers the held-out ones too', async () => {
      expect((await classify(HELD_OUT_COVERED)).abstained).toEqual([]);
    });

    // The coverage decision (docs/chat.md, "Abstention") answers customer-worded questions the
    // old sentence gate refused; the price is these near misses, whose words the help center
    // uses in passing ("pension" as income, "cryptocurrency" as a business it does not serve,
    // "a mortgage lender"). The old gate abstained on all but one of them.
    it('says the knowledge base does not cover the others, except near misses whose words it uses in passing', async () => {
      expect((await classify(NOT_COVERED)).answered).toEqual([
        'Can I open a joint account?',
        'What are your mortgage interest rates?',
        'Can I buy Bitcoin in the app?',
        'Where is your nearest branch and when is it open?',
        'Do you offer a pension plan?',
        'Can I pay with cryptocurrency?',
      ]);
    });

    it('does the same on the held-out ones', async () => {
      // Since the article choice and WordNet's synonyms (GENERAL_SYNONYMS, on by default) the
      // smart TV question is answered and the mortgage application no longer is.
      expect((await classify(HELD_OUT_NOT_COVERED)).answered).toEqual([
        'What is your fee for trading shares?',
        'Can I deposit cash at a post office?',
        'Do you support Bitcoin wallets?',
        'Can I use the app on a smart TV?',
      ]);
    });
  });

  // The extractive answer quotes the section whose heading asks the question, whole (a list of steps entire).
  it.each([
    ['How long does an international transfer take?', 'within 1–5 business days', 'transfers/international-transfers-swift-sepa'],
    ['How do I add my card to Apple Pay?', '2. Tap Add to Apple Wallet.', 'cards/contactless-apple-pay-google-pay'],
    ['How do I close my account?', '1. Go to Profile → Close account.', 'accounts/close-your-account'],
    ['How much does the Premium plan cost per month?', 'Premium: €12.99 per month', 'help.lumenbank.example/fees/'],
    // It used to be refused; the savings article's "Joint savings" section answers it in part.
    ['Can I open a joint account?', 'Pots can be shared with one other Lumen customer.', 'savings/open-a-savings-pot'],
  ])('answers %j with the section that answers it', async (question, quoted, url) => {
    const { events } = await answer(question);
    expect(events.text).toContain(quoted);
    expect(events.sources!.sources.map((s) => s.url).join(' ')).toContain(url);
  });

  it('names the article and quotes its summary when no section of it stands out', async () => {
    const { events } = await answer('What should I do if someone hacked my account?');
    expect(events.text).toContain('Our help center article "What should I do if I think someone has accessed my account?" covers this:');
    expect(events.text).toContain('act immediately');
    expect(events.sources!.sources.map((s) => s.url)).toEqual(['https://help.lumenbank.example/security/secure-your-account-if-compromised']);
  });

  it('answers a question with the customer’s details in it (a link, an amount, a date, a reference, a card’s digits) and stores it as written', async () => {
    const question = 'I was charged €23.40 twice on 14/03/2026 at https://shop.example.com/orders/55213 (ref LB-20418833), card ending 4417';
    const { events, chatId } = await answer(question);
    expect(events.text).toMatch(RETRIEVAL_ONLY);
    expect(events.done).not.toHaveProperty('abstained');
    expect(events.sources!.sources.map((s) => s.url)).toContain('https://help.lumenbank.example/disputes/charged-twice-or-wrong-amount');
    const stored = await db.query(`SELECT content FROM chat.messages WHERE chat_id = $1 AND role = 'user'`, [chatId]);
    expect(stored.rows).toEqual([{ content: question }]);
    // A letter held down reads as the word.
    const held = await answer('how do i freeeeze my card');
    expect(held.events.sources!.sources.map((s) => s.url)[0]).toBe('https://help.lumenbank.example/cards/freeze-and-unfreeze-your-card');
    // A sign-off is a detail too.
    const signed = await answer('how do i order a replacement card. kind regards, Tom Baker');
    expect(signed.events.done).not.toHaveProperty('abstained');
    expect(signed.events.sources!.sources.map((s) => s.url)[0]).toBe('https://help.lumenbank.example/cards/order-a-replacement-card');
  });

  it('answers each of two questions in one message from its own article, and searches each of them besides the message (docs/chat.md, "Two questions in one message")', async () => {
    const question = 'how do I freeze my card and also change my PIN?';
    const { events, chatId, messageId } = await answer(question);
    expect(events.text).toMatch(RETRIEVAL_ONLY);
    expect(events.text.toLowerCase()).toContain('freeze');
    const cited = events.sources!.sources.map((s) => s.url);
    expect(cited[0]).toBe('https://help.lumenbank.example/cards/freeze-and-unfreeze-your-card');
    expect(cited).toContain('https://help.lumenbank.example/cards/reset-or-unblock-your-card-pin');
    expect(await searchesFor(messageId)).toBe(3);
    const stored = await db.query(`SELECT content FROM chat.messages WHERE chat_id = $1 AND role = 'user'`, [chatId]);
    expect(stored.rows).toEqual([{ content: question }]);
    // One question: one search, as before.
    expect(await searchesFor((await answer('how do I freeze my card?')).messageId)).toBe(1);
  });

  it('answers the question after what the customer wrote first, unless the message as a whole is covered (docs/chat.md, "What customers write before the question")', async () => {
    const frustrated = await answer("Hi, I've been with you for years and I'm really frustrated. how do i ask for an overdraft");
    expect(frustrated.events.text).toMatch(RETRIEVAL_ONLY);
    expect(frustrated.events.sources!.sources.map((s) => s.url)[0]).toBe('https://help.lumenbank.example/accounts/arranged-overdraft');
    expect(await searchesFor(frustrated.messageId)).toBe(2);
    // The first sentence names the subject: the message as a whole is covered, and answered so.
    const phone = await answer('I lost my phone. how do i log in on a new one');
    expect(phone.events.sources!.sources.map((s) => s.url)[0]).toBe('https://help.lumenbank.example/security/lost-phone-or-new-device');
    // Two questions after it: each from its own article, though the message as a whole is covered by one of them.
    const two = await answer("Hi, I've been with you for years and I'm really frustrated. how do I freeze my card and also change my PIN?");
    expect(two.events.sources!.sources.map((s) => s.url)).toEqual([
      'https://help.lumenbank.example/cards/freeze-and-unfreeze-your-card',
      'https://help.lumenbank.example/cards/reset-or-unblock-your-card-pin',
    ]);
    expect(await searchesFor(two.messageId)).toBe(3);
  });

  it('searches a follow-up with the topic of the question before it (heuristic rewrite)', async () => {
    const first = await answer('How do I freeze my card?');
    const second = await answer('And how do I unfreeze it?', first.chatId);
    expect(second.events.text).toMatch(RETRIEVAL_ONLY);
    expect(second.events.text.toLowerCase()).toContain('unfreeze');
    expect(second.events.sources!.sources.map((s) => s.url)).toContain('https://help.lumenbank.example/cards/freeze-and-unfreeze-your-card');
    // One search each: the first question's starts while it is stored; the follow-up, which
    // reads as one, is searched rewritten only, not also as asked.
    expect(await searchesFor(first.messageId)).toBe(1);
    expect(await searchesFor(second.messageId)).toBe(1);
  });

  it('searches a rewritten follow-up whole: the topic the rewrite adds is not a second question', async () => {
    const first = await answer('How do I dispute a card transaction?');
    const second = await answer('And how long does that take?', first.chatId);
    expect(second.events.text).toMatch(RETRIEVAL_ONLY);
    expect(second.events.sources!.sources.map((s) => s.url)).toContain('https://help.lumenbank.example/disputes/chargeback-timelines');
    expect(await searchesFor(second.messageId)).toBe(1);
  });

  it('answers a message longer than retrieval takes a query from its end, not with RETRIEVAL_FAILED', async () => {
    const story = 'I was on holiday last month and many things went wrong with my trip and my hotel. '.repeat(30);
    expect(story.length).toBeGreaterThan(2000);
    const long = await answer(`${story}Anyway, how do I freeze my card?`);
    expect(long.events.error).toBeUndefined();
    expect(long.events.sources!.sources[0].url).toBe('https://help.lumenbank.example/cards/freeze-and-unfreeze-your-card');
  });

  it('keeps the topic through a follow-up of a follow-up, back to the question that set it', async () => {
    const first = await answer('How much does it cost to send money abroad?');
    await answer('What about to the US?', first.chatId);
    // With the last question's words alone this was a question about "us" (the chargeback timelines).
    const third = await answer('How long does it take?', first.chatId);
    expect(third.events.sources!.sources[0].url).toBe('https://help.lumenbank.example/transfers/international-transfers-swift-sepa');

    const declined = await answer('My card was declined');
    await answer('but I have money on it', declined.chatId);
    // With "money" alone this quoted the article on a compromised account.
    const why = await answer('what else could it be?', declined.chatId);
    expect(why.events.sources!.sources[0].url).toBe('https://help.lumenbank.example/cards/card-limits-and-declined-payments');
  });

  describe('small talk (docs/chat.md, "Small talk")', () => {
    it('answers a greeting with a reply of its own: not searched, not an abstention, counted apart from answers', async () => {
      const greetings = Number((await chatMetric('eloquent_chat_small_talk_replies_total', { kind: 'greeting' })) ?? 0);
      const answered = Number((await chatMetric('eloquent_chat_answers_total', { mode: 'retrieval-only', outcome: 'complete' })) ?? 0);
      const hello = await answer('Hi there!');
      expect(hello.events.text).toMatch(/^Hello! What can I help you with\?/);
      expect(hello.events.sources?.sources ?? []).toEqual([]);
      expect(hello.events.done).toEqual(expect.objectContaining({ mode: 'retrieval-only', smallTalk: 'greeting' }));
      expect(hello.events.done).not.toHaveProperty('abstained');
      expect(hello.events.done).not.toHaveProperty('suggestedArticles');
      const stored = await bus.request('chat.message', { userId: await ownerOf(hello.chatId), messageId: hello.messageId });
      expect(stored).toEqual(expect.objectContaining({ status: 'complete', content: hello.events.text, citations: [], smallTalk: 'greeting' }));
      expect(stored).not.toHaveProperty('abstained');
      expect(await chatMetric('eloquent_chat_small_talk_replies_total', { kind: 'greeting' })).toBe(greetings + 1);

      // A question after it is searched and answered as usual; the greeting was never searched.
      const greeted = await waitFor('the greeting to be logged', async () => loggedAnswer(hello.messageId));
      const question = await answer('How do I order a replacement card?', hello.chatId);
      // A search for the greeting would have ended before its reply, so retrieval (one process, one stdout) would have logged it before the question's.
      expect(await searchesFor(question.messageId)).toBe(1);
      expect(env.logs.retrieval.filter((line) => line.msg === 'bus request handled' && line.correlationId === greeted.correlationId)).toEqual([]);
      expect(await chatMetric('eloquent_chat_answers_total', { mode: 'retrieval-only', outcome: 'complete' })).toBe(answered + 1);
    });

    it('thanks an answer instead of answering it again, and a follow-up after the thanks still has the topic', async () => {
      const first = await answer('How do I freeze my card?');
      const thanks = await answer('great, thanks!', first.chatId);
      expect(thanks.events.text).toBe("You're welcome! Is there anything else I can help you with?");
      expect(thanks.events.done?.smallTalk).toBe('thanks');
      const next = await answer('And how do I unfreeze it?', first.chatId);
      expect(next.events.sources!.sources.map((s) => s.url)).toContain('https://help.lumenbank.example/cards/freeze-and-unfreeze-your-card');
      expect(next.events.text.toLowerCase()).toContain('unfreeze');
    });

    it('answers "that didn\'t answer my question" with a way on, not with another article', async () => {
      const dissatisfied = Number((await chatMetric('eloquent_chat_small_talk_replies_total', { kind: 'dissatisfied' })) ?? 0);
      const first = await answer('How do I freeze my card?');
      const complaint = await answer("that didn't answer my question", first.chatId);
      expect(complaint.events.text).toMatch(/^Sorry about that\. You could ask again in other words, or contact our support team/);
      expect(complaint.events.sources?.sources ?? []).toEqual([]);
      expect(complaint.events.done).toEqual(expect.objectContaining({ mode: 'retrieval-only', smallTalk: 'dissatisfied' }));
      expect(complaint.events.done).not.toHaveProperty('abstained');
      expect(await chatMetric('eloquent_chat_small_talk_replies_total', { kind: 'dissatisfied' })).toBe(dissatisfied + 1);
      // The answer it was about is marked, and heads the review list of answers that did not help.
      const userId = await ownerOf(first.chatId);
      const unhelpful = await waitFor('the answer to be marked', async () => {
        const view = await bus.request('chat.message', { userId, messageId: first.messageId });
        return view.saidUnhelpful ? view : undefined;
      });
      expect(unhelpful).toEqual(expect.objectContaining({ status: 'complete', saidUnhelpful: true }));
      const review = await bus.request('chat.review', { filter: 'unhelpful', limit: 1 });
      expect(review.answers.map((listed) => [listed.question, listed.answer.id])).toEqual([['How do I freeze my card?', first.messageId]]);
      // The reply itself is small talk: saying so again does not mark it.
      const again = await answer('still wrong', first.chatId);
      expect(again.events.done?.smallTalk).toBe('dissatisfied');
      // Not searched: a search would have been logged by retrieval before the next question's.
      const logged = await waitFor('the reply to be logged', async () => loggedAnswer(complaint.messageId));
      const next = await answer('How do I order a replacement card?', first.chatId);
      expect(await searchesFor(next.messageId)).toBe(1);
      expect(env.logs.retrieval.filter((line) => line.msg === 'bus request handled' && line.correlationId === logged.correlationId)).toEqual([]);
      // Read after a whole question more in the chat: a mark of the reply by "still wrong" would have been written meanwhile.
      const reply = await bus.request('chat.message', { userId, messageId: complaint.messageId });
      expect(reply).not.toHaveProperty('saidUnhelpful');
    });

    it('reads "👍" after an answer as an "ok", and "???" as unclear: neither searched nor an abstention', async () => {
      const abstentions = Number((await chatMetric('eloquent_chat_abstentions_total', { mode: 'retrieval-only' })) ?? 0);
      const acknowledgements = Number((await chatMetric('eloquent_chat_small_talk_replies_total', { kind: 'acknowledgement' })) ?? 0);
      const unclear = Number((await chatMetric('eloquent_chat_small_talk_replies_total', { kind: 'unclear' })) ?? 0);
      const first = await answer('How do I freeze my card?');
      expect(first.events.done).not.toHaveProperty('abstained');

      const thumbsUp = await answer('👍', first.chatId);
      expect(thumbsUp.events.text).toBe('Is there anything else I can help you with?');
      expect(thumbsUp.events.done).toEqual(expect.objectContaining({ mode: 'retrieval-only', smallTalk: 'acknowledgement' }));
      const puzzled = await answer('???');
      expect(puzzled.events.text).toBe('Could you tell me a bit more about what you need help with?');
      expect(puzzled.events.done).toEqual(expect.objectContaining({ mode: 'retrieval-only', smallTalk: 'unclear' }));

      for (const [reply, kind] of [
        [thumbsUp, 'acknowledgement'],
        [puzzled, 'unclear'],
      ] as const) {
        expect(reply.events.sources?.sources ?? []).toEqual([]);
        expect(reply.events.done).not.toHaveProperty('abstained');
        expect(reply.events.done).not.toHaveProperty('suggestedArticles');
        const stored = await bus.request('chat.message', { userId: await ownerOf(reply.chatId), messageId: reply.messageId });
        expect(stored).toEqual(expect.objectContaining({ status: 'complete', citations: [], smallTalk: kind }));
        expect(stored).not.toHaveProperty('abstained');
        // Not in the review list of abstentions: had it been one, it would head the list up to its own time.
        const review = await bus.request('chat.review', { filter: 'abstained', limit: 1, before: new Date(Date.parse(stored.createdAt) + 1).toISOString() });
        expect(review.answers.map((listed) => listed.answer.id)).not.toContain(reply.messageId);
      }
      expect(Number((await chatMetric('eloquent_chat_abstentions_total', { mode: 'retrieval-only' })) ?? 0)).toBe(abstentions);
      expect(await chatMetric('eloquent_chat_small_talk_replies_total', { kind: 'acknowledgement' })).toBe(acknowledgements + 1);
      expect(await chatMetric('eloquent_chat_small_talk_replies_total', { kind: 'unclear' })).toBe(unclear + 1);

      // Neither was searched: a search would have been logged by retrieval (one stdout) before the question's after them.
      const replies = await Promise.all([thumbsUp, puzzled].map((reply) => waitFor('the reply to be logged', async () => loggedAnswer(reply.messageId))));
      const question = await answer('How do I order a replacement card?', first.chatId);
      expect(await searchesFor(question.messageId)).toBe(1);
      const searchedFor = new Set(replies.map((logged) => logged.correlationId));
      expect(env.logs.retrieval.filter((line) => line.msg === 'bus request handled' && searchedFor.has(line.correlationId))).toEqual([]);
    });

    it('sends someone asking for a person to the support team', async () => {
      const { events } = await answer('can I talk to a human please');
      expect(events.text).toMatch(/^I'm an automated assistant: I answer from our help center\. To talk to a person, please contact our support team/);
    });
  });

  /** chat's "answer complete" log line of one answer, once logged. */
  const loggedAnswer = (messageId: string) => env.logs.chat.find((line) => line.msg === 'answer complete' && line.messageId === messageId);

  /** How many searches retrieval ran for one answer (matched through the correlation id in the logs). */
  async function searchesFor(messageId: string): Promise<number> {
    const answered = await waitFor('the answer to be logged', async () => loggedAnswer(messageId));
    const searches = () =>
      env.logs.retrieval.filter(
        (line) => line.msg === 'bus request handled' && line.pattern === 'retrieval.search' && line.correlationId === answered.correlationId,
      );
    // Retrieval logged each search before answering it, so before the answer completed; its
    // lines may still be in its stdout pipe.
    await waitFor('the searches to be logged', () => searches().length > 0);
    return searches().length;
  }

  it('creates, renames, lists and deletes chats, only for their owner', async () => {
    const chat = await bus.request('chat.create', { userId, title: 'Card questions' });
    expect(chat).toEqual({ id: expect.any(String), title: 'Card questions', createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect((await bus.request('chat.create', { userId })).title).toBe('New chat');

    expect(await bus.request('chat.rename', { userId, chatId: chat.id, title: '  Freezing  ' })).toEqual(
      expect.objectContaining({ id: chat.id, title: 'Freezing' }),
    );
    const stranger = `anon:${randomUUID()}`;
    expect(await code(bus.request('chat.rename', { userId: stranger, chatId: chat.id, title: 'mine' }))).toBe('CHAT_NOT_FOUND');
    expect(await code(bus.request('chat.delete', { userId: stranger, chatId: chat.id }))).toBe('CHAT_NOT_FOUND');
    expect(await code(bus.request('chat.rename', { userId, chatId: chat.id, title: ' ' }))).toBe('VALIDATION_FAILED');
    expect(await code(bus.request('chat.rename', { userId, chatId: 'nope', title: 'x' }))).toBe('VALIDATION_FAILED');

    expect((await bus.request('chat.list', { userId })).chats.map((c) => c.title).sort()).toEqual(['Freezing', 'New chat']);
    expect(await bus.request('chat.delete', { userId, chatId: chat.id })).toEqual({ deleted: true });
    expect((await bus.request('chat.list', { userId })).chats.map((c) => c.title)).toEqual(['New chat']);
    expect(await code(bus.request('chat.delete', { userId, chatId: chat.id }))).toBe('CHAT_NOT_FOUND');
  });

  it('moves an anonymous visitor’s chats to the account they signed in to, once', async () => {
    await bus.request('chat.create', { userId, title: 'one' });
    await bus.request('chat.create', { userId, title: 'two' });
    const user = `user_${randomUUID()}`;
    expect(await bus.request('chat.adopt', { fromUserId: userId, toUserId: user })).toEqual({ moved: 2 });
    expect((await bus.request('chat.list', { userId: user })).chats).toHaveLength(2);
    expect((await bus.request('chat.list', { userId })).chats).toHaveLength(0);

    // Chats the anonymous id makes afterwards stay with it: the adoption happened already.
    await bus.request('chat.create', { userId, title: 'three' });
    expect(await bus.request('chat.adopt', { fromUserId: userId, toUserId: `user_${randomUUID()}` })).toEqual({ moved: 0 });
    expect(await bus.request('chat.adopt', { fromUserId: userId, toUserId: user })).toEqual({ moved: 0 });

    expect(await code(bus.request('chat.adopt', { fromUserId: user, toUserId: `user_${randomUUID()}` }))).toBe('VALIDATION_FAILED');
    expect(await code(bus.request('chat.adopt', { fromUserId: `anon:${randomUUID()}`, toUserId: `anon:${randomUUID()}` }))).toBe('VALIDATION_FAILED');
  });

  it('ends an answer orphaned by a replica that died: failed, with an error on its stream', async () => {
    const [{ id: chatId }] = (await db.query(`INSERT INTO chat.chats (owner_id, title) VALUES ($1, 'orphan') RETURNING id`, [userId])).rows;
    const [{ id: messageId }] = (
      await db.query(
        `INSERT INTO chat.messages (chat_id, role, content, status, updated_at) VALUES ($1, 'assistant', 'half an ans', 'streaming', now() - interval '1 day') RETURNING id`,
        [chatId],
      )
    ).rows;
    const fresh = (
      await db.query(`INSERT INTO chat.messages (chat_id, role, content, status) VALUES ($1, 'assistant', '', 'streaming') RETURNING id`, [chatId])
    ).rows[0].id;

    await waitFor('the sweeper', async () => (await db.query(`SELECT status FROM chat.messages WHERE id = $1`, [messageId])).rows[0].status === 'failed');
    const row = (await db.query(`SELECT status, error_code, content FROM chat.messages WHERE id = $1`, [messageId])).rows[0];
    expect(row).toEqual({ status: 'failed', error_code: 'SERVICE_UNAVAILABLE', content: 'half an ans' });
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const entries = await redis.xrange(answerStreamKey(env.prefix, messageId), '-', '+');
      expect(entries.map(([, fields]) => JSON.parse(fields[1]))).toEqual([expect.objectContaining({ type: 'error', code: 'SERVICE_UNAVAILABLE', messageId })]);
    } finally {
      redis.disconnect();
    }
    // an answer that could still be alive is left alone
    expect((await db.query(`SELECT status FROM chat.messages WHERE id = $1`, [fresh])).rows[0].status).toBe('streaming');
  });

  describe('reviewing answers (docs/chat.md, "Reviewing answers")', () => {
    /** An answer asked on the socket, and the owner its chat was stored for. */
    async function asked(question: string) {
      const sent = await answer(question);
      const owner = await ownerOf(sent.chatId);
      return { ...sent, owner };
    }

    it('stores the asker’s rating of an ended answer, replaces it, and withdraws it; only theirs, only answers', async () => {
      const { messageId, owner, chatId } = await asked('How do I freeze my card?');
      const rated = await bus.request('chat.feedback', { userId: owner, messageId, rating: 'down', comment: '  it did not say how long it takes  ' });
      expect(rated.feedback).toEqual({ rating: 'down', comment: 'it did not say how long it takes', at: expect.any(String) });
      expect((await bus.request('chat.message', { userId: owner, messageId })).feedback).toEqual(rated.feedback);

      // A later rating replaces the earlier one, comment included.
      expect((await bus.request('chat.feedback', { userId: owner, messageId, rating: 'up' })).feedback).toEqual({ rating: 'up', at: expect.any(String) });
      const withdrawn = await bus.request('chat.feedback', { userId: owner, messageId, rating: null, comment: 'ignored without a rating' });
      expect(withdrawn).not.toHaveProperty('feedback');
      expect((await db.query('SELECT feedback_rating, feedback_comment, feedback_at FROM chat.messages WHERE id = $1', [messageId])).rows[0]).toEqual({
        feedback_rating: null,
        feedback_comment: null,
        feedback_at: null,
      });

      expect(await code(bus.request('chat.feedback', { userId, messageId, rating: 'up' }))).toBe('MESSAGE_NOT_FOUND');
      expect(await code(bus.request('chat.feedback', { userId: owner, messageId: randomUUID(), rating: 'up' }))).toBe('MESSAGE_NOT_FOUND');
      const question = (await db.query(`SELECT id FROM chat.messages WHERE chat_id = $1 AND role = 'user'`, [chatId])).rows[0].id as string;
      expect(await code(bus.request('chat.feedback', { userId: owner, messageId: question, rating: 'up' }))).toBe('VALIDATION_FAILED');
      expect(await code(bus.request('chat.feedback', { userId: owner, messageId, rating: 'meh' as 'up' }))).toBe('VALIDATION_FAILED');
      expect(await code(bus.request('chat.feedback', { userId: owner, messageId, rating: 'up', comment: 'x'.repeat(2001) }))).toBe('VALIDATION_FAILED');
    });

    it('does not rate an answer still being written', async () => {
      const [{ id: chatId }] = (await db.query(`INSERT INTO chat.chats (owner_id, title) VALUES ($1, 'streaming') RETURNING id`, [userId])).rows;
      const [{ id: messageId }] = (
        await db.query(`INSERT INTO chat.messages (chat_id, role, content, status) VALUES ($1, 'assistant', 'half', 'streaming') RETURNING id`, [chatId])
      ).rows;
      expect(await code(bus.request('chat.feedback', { userId, messageId, rating: 'up' }))).toBe('ANSWER_IN_PROGRESS');
      expect((await db.query('SELECT feedback_rating FROM chat.messages WHERE id = $1', [messageId])).rows[0].feedback_rating).toBeNull();
    });

    it('lists abstained and disliked answers, newest first, with the questions they answered', async () => {
      const refused = await asked("What's the weather tomorrow in Berlin?");
      const answered = await asked('How do I close my account?');
      const later = await asked('Can you recommend a good pizza place?');
      await bus.request('chat.feedback', { userId: answered.owner, messageId: answered.messageId, rating: 'down' });

      const abstained = await bus.request('chat.review', { filter: 'abstained', limit: 2 });
      expect(abstained.answers.map((a) => [a.question, a.answer.id])).toEqual([
        ['Can you recommend a good pizza place?', later.messageId],
        ["What's the weather tomorrow in Berlin?", refused.messageId],
      ]);
      expect(abstained.answers[1].answer).toEqual(expect.objectContaining({ abstained: true, citations: [], status: 'complete' }));
      // Older abstentions (other tests') follow on the next page.
      expect(abstained.nextBefore).toBe(abstained.answers[1].answer.createdAt);
      const next = await bus.request('chat.review', { filter: 'abstained', before: abstained.nextBefore });
      expect(next.answers.map((a) => a.answer.id)).not.toContain(refused.messageId);
      expect(next.answers.every((a) => a.answer.abstained === true)).toBe(true);

      const disliked = await bus.request('chat.review', { filter: 'disliked' });
      expect(disliked.answers[0]).toEqual({
        question: 'How do I close my account?',
        answer: expect.objectContaining({ id: answered.messageId, feedback: { rating: 'down', at: expect.any(String) } }),
      });
      expect(disliked.answers[0].answer).not.toHaveProperty('abstained');
      expect(await code(bus.request('chat.review', { filter: 'everything' as 'abstained' }))).toBe('VALIDATION_FAILED');
    });
  });

  describe('suggested articles (docs/chat.md, "Suggested articles")', () => {
    const storedSuggestions = async (messageId: string) =>
      (await db.query('SELECT suggested_articles FROM chat.messages WHERE id = $1', [messageId])).rows[0].suggested_articles as unknown;

    it('offers the articles on the subject with an abstention, stores them, and asking one of their titles answers from it', async () => {
      const counted = () => chatMetric('eloquent_chat_abstentions_with_suggestions_total', { mode: 'retrieval-only' });
      const pickCount = () => chatMetric('eloquent_chat_suggestions_picked_total', { mode: 'retrieval-only' });
      const [before, picksBefore] = [await counted(), await pickCount()];
      // A customer's wording the extractive answer cannot match to one section with confidence.
      const { chatId, messageId, events } = await answer('I moved house, where do i update where I live');
      expect(events.text).toMatch(ABSTENTION);
      expect(events.sources!.sources).toEqual([]);
      const suggested = events.done!.suggestedArticles!;
      expect(suggested.length).toBeGreaterThan(0);
      expect(suggested.length).toBeLessThanOrEqual(3);
      expect(new Set(suggested.map((a) => a.documentId)).size).toBe(suggested.length);
      expect(suggested.every((a) => a.url?.startsWith('https://help.lumenbank.example/') && a.title.length > 0)).toBe(true);
      expect(suggested.map((a) => a.url)).toContainEqual(expect.stringContaining('/change-your-personal-details'));
      expect(events.done).toEqual({ messageId, mode: 'retrieval-only', abstained: true, suggestedArticles: suggested });
      // Counted once the answer is stored and streamed; the client may read /metrics a moment sooner.
      await waitFor('the abstention with suggestions to be counted', async () => (await counted()) === (before ?? 0) + 1);

      // The row and every read of it agree with the stream.
      expect(await storedSuggestions(messageId)).toEqual(suggested);
      const owner = await ownerOf(chatId);
      expect(await bus.request('chat.message', { userId: owner, messageId })).toEqual(
        expect.objectContaining({ abstained: true, suggestedArticles: suggested }),
      );

      // The titles are the questions the articles answer: picking one gets its answer.
      const picked = suggested.find((a) => a.url!.endsWith('/change-your-personal-details'))!;
      const followUp = await answer(picked.title, chatId);
      expect(followUp.events.text).toMatch(RETRIEVAL_ONLY);
      expect(followUp.events.sources!.sources[0].url).toBe(picked.url);
      expect(followUp.events.done).not.toHaveProperty('suggestedArticles');
      expect(await storedSuggestions(followUp.messageId)).toBeNull();
      // That was a pick (below); counted before the next test reads the counter.
      await waitFor('the pick to be counted', async () => (await pickCount()) === (picksBefore ?? 0) + 1);
    });

    describe('picks (the next question asks a suggested title)', () => {
      const picks = () => chatMetric('eloquent_chat_suggestions_picked_total', { mode: 'retrieval-only' });
      const storedPick = async (messageId: string) =>
        (await db.query('SELECT suggestion_picked FROM chat.messages WHERE id = $1', [messageId])).rows[0].suggestion_picked as string | null;

      it('records the article picked on the abstention, shows it on the message and in the review lists, and counts it', async () => {
        const abstention = await answer('I moved house, where do i update where I live');
        const suggested = abstention.events.done!.suggestedArticles!;
        const picked = suggested.find((a) => a.url!.endsWith('/change-your-personal-details'))!;
        const before = (await picks()) ?? 0;

        // Asked as a customer might type it: case, spacing and the question mark do not matter.
        await answer(` ${picked.title.toLowerCase().replace(/[?.!]$/, '')}  `, abstention.chatId);
        await waitFor('the pick to be recorded', async () => (await storedPick(abstention.messageId)) === picked.documentId);
        await waitFor('the pick to be counted', async () => (await picks()) === before + 1);

        const owner = await ownerOf(abstention.chatId);
        const expected = expect.objectContaining({
          id: abstention.messageId,
          abstained: true,
          suggestedArticles: suggested,
          suggestionPicked: picked.documentId,
        });
        expect(await bus.request('chat.message', { userId: owner, messageId: abstention.messageId })).toEqual(expected);
        expect((await bus.request('chat.messages', { userId: owner, chatId: abstention.chatId })).messages).toContainEqual(expected);
        const createdAt = (await bus.request('chat.message', { userId: owner, messageId: abstention.messageId })).createdAt;
        const review = await bus.request('chat.review', { filter: 'abstained', limit: 1, before: new Date(Date.parse(createdAt) + 1).toISOString() });
        expect(review.answers).toEqual([{ question: 'I moved house, where do i update where I live', answer: expected }]);
        // The list of picks (docs/chat.md, "Reviewing answers"): newest first, so this one heads it,
        // and the picks recorded before it (the test above) follow on the next page.
        const newestPick = await bus.request('chat.review', { filter: 'picked', limit: 1 });
        expect(newestPick).toEqual({ answers: [{ question: 'I moved house, where do i update where I live', answer: expected }], nextBefore: createdAt });
        const olderPicks = await bus.request('chat.review', { filter: 'picked', before: newestPick.nextBefore });
        expect(olderPicks.answers.length).toBeGreaterThan(0);
        expect(olderPicks.answers.map((a) => a.answer.id)).not.toContain(abstention.messageId);
        expect(olderPicks.answers.every((a) => a.answer.abstained === true && typeof a.answer.suggestionPicked === 'string')).toBe(true);

        // A later question asking another suggested title follows an answer, not the abstention.
        const other = suggested.find((a) => a !== picked);
        if (other) await answer(other.title, abstention.chatId);
        expect(await storedPick(abstention.messageId)).toBe(picked.documentId);
        expect(await picks()).toBe(before + 1);
      });

      it('counts only the first pick, and nothing for a question that is not a suggested title; lists only picked abstentions', async () => {
        const owner = await ownerOf((await answer('How do I freeze my card?')).chatId);
        const offered = [
          { documentId: 'address-article', title: 'How do I change my address?' },
          { documentId: 'name-article', title: 'How do I change my name?' },
        ];
        /** A chat whose last message is an abstention that offered `offered`, picked already or not. */
        const abstainedChat = async (pickedAlready: string | null) => {
          const [{ id: chatId }] = (await db.query(`INSERT INTO chat.chats (owner_id, title) VALUES ($1, 'seeded') RETURNING id`, [owner])).rows;
          await db.query(`INSERT INTO chat.messages (chat_id, role, content, status) VALUES ($1, 'user', 'where do i change where I live', 'complete')`, [
            chatId,
          ]);
          const [{ id: messageId }] = (
            await db.query(
              `INSERT INTO chat.messages (chat_id, role, content, status, mode, abstained, suggested_articles, suggestion_picked, created_at)
               VALUES ($1, 'assistant', 'I couldn''t find anything', 'complete', 'retrieval-only', true, $2, $3, now() + interval '1 microsecond') RETURNING id`,
              [chatId, JSON.stringify(offered), pickedAlready],
            )
          ).rows;
          return { chatId: chatId as string, messageId: messageId as string };
        };
        const before = (await picks()) ?? 0;

        const pickedBefore = await abstainedChat('address-article');
        await answer('How do I change my name?', pickedBefore.chatId);
        const notATitle = await abstainedChat(null);
        await answer('How do I freeze my card?', notATitle.chatId);
        // Asked last: once its pick is counted, the two asked before it have been handled.
        const first = await abstainedChat(null);
        await answer('How do I change my name', first.chatId);
        await waitFor('the pick to be recorded', async () => (await storedPick(first.messageId)) === 'name-article');
        await waitFor('the pick to be counted', async () => (await picks()) === before + 1);

        expect(await storedPick(pickedBefore.messageId)).toBe('address-article');
        expect(await storedPick(notATitle.messageId)).toBeNull();
        expect(await bus.request('chat.message', { userId: owner, messageId: notATitle.messageId })).not.toHaveProperty('suggestionPicked');

        // Only the picked abstentions are in the list of picks, newest first, each with its question.
        const picked = (await bus.request('chat.review', { filter: 'picked' })).answers;
        expect(picked.slice(0, 2).map((a) => [a.question, a.answer.id, a.answer.suggestionPicked])).toEqual([
          ['where do i change where I live', first.messageId, 'name-article'],
          ['where do i change where I live', pickedBefore.messageId, 'address-article'],
        ]);
        expect(picked.map((a) => a.answer.id)).not.toContain(notATitle.messageId);
        expect((await bus.request('chat.review', { filter: 'abstained' })).answers.map((a) => a.answer.id)).toContain(notATitle.messageId);
      });
    });

    it('offers nothing with an off-topic question, nor with an answer', async () => {
      const offTopic = await answer('what is the capital of australia');
      expect(offTopic.events.text).toMatch(ABSTENTION);
      expect(offTopic.events.done).toEqual({ messageId: offTopic.messageId, mode: 'retrieval-only', abstained: true });
      expect(await storedSuggestions(offTopic.messageId)).toBeNull();
      const owner = await ownerOf(offTopic.chatId);
      expect(await bus.request('chat.message', { userId: owner, messageId: offTopic.messageId })).not.toHaveProperty('suggestedArticles');

      const answered = await answer('How do I freeze my card?');
      expect(answered.events.done).toEqual({ messageId: answered.messageId, mode: 'retrieval-only' });
      expect(await storedSuggestions(answered.messageId)).toBeNull();
    });
  });

  it('looks up one message for its owner only, and stops nothing that has ended', async () => {
    const { chatId, messageId } = await answer('How do I freeze my card?');
    const owner = await ownerOf(chatId);
    const message = await bus.request('chat.message', { userId: owner, messageId });
    expect(message).toEqual(expect.objectContaining({ id: messageId, role: 'assistant', status: 'complete', mode: 'retrieval-only' }));
    expect(await bus.request('chat.stop', { userId: owner, messageId })).toEqual({ stopped: false });
    expect(await code(bus.request('chat.message', { userId, messageId }))).toBe('MESSAGE_NOT_FOUND');
    expect(await code(bus.request('chat.stop', { userId, messageId }))).toBe('MESSAGE_NOT_FOUND');
    expect(await code(bus.request('chat.message', { userId, messageId: randomUUID() }))).toBe('MESSAGE_NOT_FOUND');
  });
});
