import Anthropic from '@anthropic-ai/sdk';
import { AppError } from '@eloquent/contracts';
import { BrokenCircuitError, ResilientCall, type ResilienceOptions } from '@eloquent/resilience';
import { startFakeAnthropic, waitFor, type FakeAnthropic } from '@eloquent/testing';
import { QueryRelevance } from '../../relevance/query-relevance';
import type { ContextSource, GenerationInput, GenerationStream } from '../answer-generator';
import { buildAbstentionText } from '../extractive/abstention';
import { ClaudeAnswerGenerator } from './claude-answer-generator';
import { isTransientClaudeError } from './claude-errors';

const SOURCE: ContextSource = {
  n: 1,
  documentId: 'doc-1',
  chunkId: 'chunk-1',
  title: 'Freeze your card',
  headingPath: ['How to freeze your card'],
  text: 'Open Cards and tap Freeze.',
  score: 1,
  coverage: 1,
};
const INPUT: GenerationInput = {
  question: 'How do I freeze my card?',
  searchQuery: 'How do I freeze my card?',
  sources: [SOURCE],
  history: [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello! How can I help?' },
  ],
  relevance: QueryRelevance.fromCandidates('How do I freeze my card?', [SOURCE]),
  candidates: [],
  coverage: { verdict: 'covered', documentId: 'doc-1', evidence: { knownShare: 1, bestArticleCoverage: 1, lead: 1, vectorSimilarity: 1 }, weights: new Map() },
};

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.exchanges.length = 0;
  fake.respond = () => ({ kind: 'text', text: 'Open Cards and tap Freeze [1].' });
});

function generatorWith(
  overrides: Partial<ResilienceOptions> = {},
  totalTimeoutMs = 10_000,
  sampling: { temperature?: number; apiVersion?: string } = {},
): { generator: ClaudeAnswerGenerator; call: ResilientCall } {
  const client = new Anthropic({
    apiKey: 'test-key',
    baseURL: fake.url,
    maxRetries: 0,
    timeout: 5_000,
    ...(sampling.apiVersion ? { defaultHeaders: { 'anthropic-version': sampling.apiVersion } } : {}),
  });
  const call = new ResilientCall({
    name: `test-claude-${Math.random()}`,
    timeoutMs: 2_000,
    retries: 2,
    initialDelayMs: 1,
    maxDelayMs: 5,
    breakerThreshold: 10,
    halfOpenAfterMs: 60_000,
    isTransient: isTransientClaudeError,
    ...overrides,
  });
  return {
    generator: new ClaudeAnswerGenerator(client, call, {
      model: 'claude-test',
      maxTokens: 256,
      temperature: sampling.temperature,
      totalTimeoutMs,
      abstentionText: buildAbstentionText(),
    }),
    call,
  };
}

async function collect(stream: GenerationStream, onPiece?: (piece: string, index: number) => void): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of stream) {
    onPiece?.(piece, pieces.length);
    pieces.push(piece);
  }
  return pieces;
}

describe('ClaudeAnswerGenerator', () => {
  it('streams the answer through the SDK and reports usage', async () => {
    const { generator } = generatorWith();
    const stream = generator.generate(INPUT, new AbortController().signal);
    expect((await collect(stream)).join('')).toBe('Open Cards and tap Freeze [1].');
    expect(stream.usage()).toEqual({ inputTokens: expect.any(Number), outputTokens: 6 });
    const { body } = fake.exchanges[0].request;
    expect(body).toEqual(expect.objectContaining({ model: 'claude-test', max_tokens: 256, stream: true }));
    expect(body).not.toHaveProperty('temperature');
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.messages[2].content).toContain('<source n="1" title="Freeze your card > How to freeze your card">');
  });

  it('sends the configured temperature on API version 2023-06-01, the one that takes it', async () => {
    const { generator } = generatorWith({}, 10_000, { temperature: 0.2, apiVersion: '2023-06-01' });
    expect((await collect(generator.generate(INPUT, new AbortController().signal))).join('')).toBe('Open Cards and tap Freeze [1].');
    expect(fake.exchanges[0].request.headers['anthropic-version']).toBe('2023-06-01');
    expect(fake.exchanges[0].request.body.temperature).toBe(0.2);
  });

  it('fails without retrying when the API rejects the request (a temperature on version 2026-10-21)', async () => {
    const { generator } = generatorWith({}, 10_000, { temperature: 0.2 });
    await expect(collect(generator.generate(INPUT, new AbortController().signal))).rejects.toThrow(/temperature: Extra inputs are not permitted/);
    expect(fake.exchanges).toHaveLength(1);
    expect(fake.exchanges[0].request.headers['anthropic-version']).toBe('2026-10-21');
  });

  it.each([
    ['in one piece', '[[NO_ANSWER]]'],
    ['split across deltas, after whitespace', ['\n', '[[NO', '_ANS', 'WER]]']],
    ['followed by more text', ['[[NO_ANSWER]]', ' The sources do not say.']],
  ])('abstains, without sources, when Claude writes the no-answer marker %s', async (_, text) => {
    fake.enqueue({ kind: 'text', text });
    const { generator } = generatorWith();
    const stream = generator.generate(INPUT, new AbortController().signal);
    const answer = (await collect(stream)).join('');
    expect(answer).toBe(buildAbstentionText());
    expect(answer).not.toMatch(/\[\d+\]|NO_ANSWER/);
    expect(stream.abstained?.()).toBe(true);
  });

  it('streams an answer that only starts like the marker', async () => {
    fake.enqueue({ kind: 'text', text: ['[', '[1] says: tap Freeze.'] });
    const { generator } = generatorWith();
    const stream = generator.generate(INPUT, new AbortController().signal);
    expect((await collect(stream)).join('')).toBe('[[1] says: tap Freeze.');
    expect(stream.abstained?.()).toBe(false);
  });

  it('tells Claude to answer only from the sources, and how to say it cannot', async () => {
    const { generator } = generatorWith();
    await collect(generator.generate(INPUT, new AbortController().signal));
    expect(fake.exchanges[0].request.body.system).toEqual(expect.stringContaining('reply with exactly [[NO_ANSWER]]'));
  });

  it.each([
    ['an HTTP 529 (overloaded)', { kind: 'http-error', status: 529, type: 'overloaded_error' } as const],
    ['an HTTP 429 (rate limited)', { kind: 'http-error', status: 429, type: 'rate_limit_error' } as const],
    ['an HTTP 500', { kind: 'http-error', status: 500, type: 'api_error' } as const],
    ['an overloaded_error event before the first token', { kind: 'text', text: 'never', errorAfter: { after: 0, type: 'overloaded_error' } } as const],
    ['a connection cut before the first token', { kind: 'text', text: 'never', cutAfter: 0 } as const],
  ])('retries %s and then answers', async (_, failure) => {
    fake.enqueue(failure);
    const { generator } = generatorWith();
    expect((await collect(generator.generate(INPUT, new AbortController().signal))).join('')).toBe('Open Cards and tap Freeze [1].');
    expect(fake.exchanges).toHaveLength(2);
  });

  it('does not retry errors that would fail again', async () => {
    fake.enqueue({ kind: 'http-error', status: 400, type: 'invalid_request_error' });
    const { generator } = generatorWith();
    await expect(collect(generator.generate(INPUT, new AbortController().signal))).rejects.toMatchObject({ status: 400 });
    expect(fake.exchanges).toHaveLength(1);
  });

  it('retries an attempt that sends no first token in time, aborting its request', async () => {
    fake.enqueue({ kind: 'hang' });
    const { generator } = generatorWith({ timeoutMs: 150 });
    expect((await collect(generator.generate(INPUT, new AbortController().signal))).join('')).toBe('Open Cards and tap Freeze [1].');
    await fake.exchanges[0].closed;
    expect(fake.exchanges[0].closedEarly).toBe(true);
  });

  it('never retries once a token was produced: a cut stream fails', async () => {
    fake.enqueue({ kind: 'text', text: 'Open Cards and tap Freeze [1].', cutAfter: 3 });
    const { generator } = generatorWith();
    const pieces: string[] = [];
    await expect(collect(generator.generate(INPUT, new AbortController().signal), (piece) => pieces.push(piece))).rejects.toThrow();
    expect(pieces.join('')).toBe('Open Cards and ');
    expect(fake.exchanges).toHaveLength(1);
  });

  it('fails an answer whose error event arrives after tokens', async () => {
    fake.enqueue({ kind: 'text', text: 'Open Cards and tap Freeze [1].', errorAfter: { after: 2, type: 'overloaded_error' } });
    const { generator } = generatorWith();
    await expect(collect(generator.generate(INPUT, new AbortController().signal))).rejects.toMatchObject({ type: 'overloaded_error' });
    expect(fake.exchanges).toHaveLength(1);
  });

  it('stops quietly when aborted mid-answer and closes the request', async () => {
    fake.enqueue({ kind: 'text', text: 'one two three four five six seven eight nine ten', tokenDelayMs: 20 });
    const { generator } = generatorWith();
    const controller = new AbortController();
    const stream = generator.generate(INPUT, controller.signal);
    const pieces = await collect(stream, (_, index) => index === 1 && controller.abort());
    expect(pieces).toEqual(['one ', 'two ']);
    await fake.exchanges[0].closed;
    expect(fake.exchanges[0].closedEarly).toBe(true);
    expect(fake.exchanges[0].deltasSent).toBeLessThan(10);
    expect(stream.usage()).toEqual({ inputTokens: expect.any(Number), outputTokens: 0 });
  });

  it('gives up waiting for a retry once aborted', async () => {
    // Short enough not to hold jest open afterwards, long next to the abort.
    fake.respond = () => ({ kind: 'http-error', status: 529, type: 'overloaded_error', headers: { 'retry-after-ms': '800' } });
    const { generator } = generatorWith({ maxDelayMs: 800 });
    const controller = new AbortController();
    const answer = collect(generator.generate(INPUT, controller.signal));
    await waitFor('the first attempt', () => fake.exchanges.length === 1);
    controller.abort();
    expect(await answer).toEqual([]);
    expect(fake.exchanges).toHaveLength(1);
  });

  it('fails with UPSTREAM_TIMEOUT when the whole answer takes too long', async () => {
    fake.enqueue({ kind: 'text', text: 'one two three four five six seven eight nine ten', tokenDelayMs: 100 });
    const { generator } = generatorWith({}, 250);
    await expect(collect(generator.generate(INPUT, new AbortController().signal))).rejects.toEqual(expect.any(AppError));
    await fake.exchanges[0].closed;
    expect(fake.exchanges[0].closedEarly).toBe(true);
  });

  it('opens the breaker after consecutive failures and then stops calling Claude', async () => {
    fake.respond = () => ({ kind: 'http-error', status: 529, type: 'overloaded_error' });
    const { generator, call } = generatorWith({ retries: 1, breakerThreshold: 4 });
    for (let i = 0; i < 2; i++) await expect(collect(generator.generate(INPUT, new AbortController().signal))).rejects.toMatchObject({ status: 529 });
    expect(call.state).toBe('open');
    await expect(collect(generator.generate(INPUT, new AbortController().signal))).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(fake.exchanges).toHaveLength(4);
  });
});
