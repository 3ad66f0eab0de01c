import { BrokenCircuitError } from '@eloquent/resilience';
import { waitFor } from '@eloquent/testing';
import { register } from 'prom-client';
import { Tier, type TierResilience } from '../src/embed/tier';
import type { EmbeddingProvider } from '../src/providers/embedding-provider';
import { OpenAiEmbeddingProvider } from '../src/providers/openai/openai-embedding-provider';
import { PineconeEmbeddingProvider } from '../src/providers/pinecone/pinecone-embedding-provider';
import { FakeEmbeddingApi } from './support/fake-embedding-api';

const DIMS = 16;

const resilience = (overrides: Partial<TierResilience> = {}): TierResilience => ({
  timeoutMs: 1_000,
  retries: 2,
  initialDelayMs: 5,
  maxDelayMs: 2_000,
  // Above one call's attempts: the breaker sits inside the retry loop, so it counts each attempt.
  breakerThreshold: 5,
  halfOpenAfterMs: 200,
  ...overrides,
});

interface Wire {
  name: 'openai' | 'pinecone';
  provider(api: FakeEmbeddingApi): EmbeddingProvider;
  /** A 429 asking to wait, in the header this API uses, and how long that is. */
  retryAfter: { headers: Record<string, string>; ms: number };
}

const wires: Wire[] = [
  {
    name: 'openai',
    provider: (api) => new OpenAiEmbeddingProvider({ apiKey: 'sk-test', model: 'text-embedding-3-small', dimensions: DIMS, baseURL: api.url }),
    retryAfter: { headers: { 'retry-after-ms': '250' }, ms: 250 },
  },
  {
    name: 'pinecone',
    provider: (api) => new PineconeEmbeddingProvider({ apiKey: 'pc-test', model: 'llama-text-embed-v2', dims: 384, controllerHostUrl: api.url }),
    retryAfter: { headers: { 'retry-after': '1' }, ms: 1_000 },
  },
];

describe.each(wires)('$name tier through its official SDK', (wire) => {
  let api: FakeEmbeddingApi;
  let provider: EmbeddingProvider;

  beforeAll(async () => {
    api = await FakeEmbeddingApi.start(wire.name, wire.name === 'openai' ? DIMS : 384);
    provider = wire.provider(api);
  });
  afterAll(() => api.close());
  beforeEach(() => {
    api.requests.length = 0;
    api.script.length = 0;
  });

  it('embeds a batch in order, unit length, in its own vector space', async () => {
    const texts = ['How do I reset my PIN?', 'Card delivery times', 'Close my account'];
    const vectors = await new Tier(provider, resilience()).embed(texts, 'query');
    expect(vectors.map((v) => Array.from(v))).toEqual(texts.map((t) => Array.from(api.expected(t))));
    expect(api.requests).toHaveLength(1);
    expect(provider.modelId).toBe(wire.name === 'openai' ? 'text-embedding-3-small@16' : 'llama-text-embed-v2@384');
  });

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    api.script.push({ kind: 'status', status: 429, headers: wire.retryAfter.headers });
    const [vector] = await new Tier(provider, resilience()).embed(['rate limited'], 'passage');
    expect(Array.from(vector)).toEqual(Array.from(api.expected('rate limited')));
    expect(api.requests).toHaveLength(2);
    expect(api.requests[1].at - api.requests[0].at).toBeGreaterThanOrEqual(wire.retryAfter.ms - 10);
  });

  it('retries 500s and connection resets', async () => {
    api.script.push({ kind: 'status', status: 500 }, { kind: 'reset' });
    const [vector] = await new Tier(provider, resilience()).embed(['flaky'], 'passage');
    expect(Array.from(vector)).toEqual(Array.from(api.expected('flaky')));
    expect(api.requests).toHaveLength(3);
  });

  it('gives up after its retries, keeping the HTTP status', async () => {
    api.script.push({ kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    await expect(new Tier(provider, resilience()).embed(['down'], 'query')).rejects.toMatchObject({ status: 503 });
    expect(api.requests).toHaveLength(3);
  });

  it('does not retry a request the API rejects as invalid', async () => {
    api.script.push({ kind: 'status', status: 400 });
    await expect(new Tier(provider, resilience()).embed(['bad'], 'query')).rejects.toMatchObject({ status: 400 });
    expect(api.requests).toHaveLength(1);
  });

  it('times out slow answers, opens the breaker, half-opens for one trial, and closes again', async () => {
    const tier = new Tier(provider, resilience({ timeoutMs: 150, retries: 0, breakerThreshold: 2, halfOpenAfterMs: 300 }));
    api.script.push({ kind: 'slow', delayMs: 5_000 }, { kind: 'slow', delayMs: 5_000 });
    await expect(tier.embed(['slow 1'], 'query')).rejects.toThrow();
    await expect(tier.embed(['slow 2'], 'query')).rejects.toThrow();
    expect(tier.state).toBe('open');

    // Open: rejected at once, the API never sees the call.
    await expect(tier.embed(['while open'], 'query')).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(api.requests).toHaveLength(2);

    // After halfOpenAfter one trial goes through; it is slow enough to observe half-open.
    api.script.push({ kind: 'ok', delayMs: 100 });
    const trial = await waitFor(
      'the breaker to let a trial call through',
      async () => {
        const attempt = tier.embed(['trial'], 'query');
        await new Promise((resolve) => setImmediate(resolve));
        if (tier.state !== 'half-open')
          return attempt.then(
            () => undefined,
            () => undefined,
          );
        return { attempt };
      },
      5_000,
      20,
    );
    expect(tier.state).toBe('half-open');
    expect(Array.from((await trial.attempt)[0])).toEqual(Array.from(api.expected('trial')));
    expect(tier.state).toBe('closed');
    expect(api.requests).toHaveLength(3);

    const metrics = await register.metrics();
    expect(metrics).toContain(`eloquent_dependency_calls_total{dependency="embedding.${wire.name}",outcome="rejected"}`);
    expect(metrics).toContain(`eloquent_circuit_breaker_state{dependency="embedding.${wire.name}"} 0`);
  });
});

describe('wire details', () => {
  it('OpenAI: sends the key, the model and the shortened dimension, asks for base64', async () => {
    const api = await FakeEmbeddingApi.start('openai', DIMS);
    try {
      await new OpenAiEmbeddingProvider({ apiKey: 'sk-test', model: 'text-embedding-3-small', dimensions: DIMS, baseURL: api.url }).embed(['x'], 'query');
      const [request] = api.requests;
      expect(request.path).toBe('/v1/embeddings');
      expect(request.headers.authorization).toBe('Bearer sk-test');
      expect(request.body).toEqual({ model: 'text-embedding-3-small', input: ['x'], dimensions: DIMS, encoding_format: 'base64' });
    } finally {
      await api.close();
    }
  });

  it('Pinecone: sends the key, the model, the input type, END truncation and a Matryoshka dimension', async () => {
    const api = await FakeEmbeddingApi.start('pinecone', 384);
    try {
      await new PineconeEmbeddingProvider({ apiKey: 'pc-test', model: 'llama-text-embed-v2', dims: 384, controllerHostUrl: api.url }).embed(['x'], 'passage');
      const [request] = api.requests;
      expect(request.path).toBe('/embed');
      expect(request.headers['api-key']).toBe('pc-test');
      expect(request.body).toEqual({
        model: 'llama-text-embed-v2',
        inputs: [{ text: 'x' }],
        parameters: { input_type: 'passage', truncate: 'END', dimension: '384' },
      });
    } finally {
      await api.close();
    }
  });

  it('Pinecone: a model of native size keeps its plain id and sends no dimension', () => {
    const provider = new PineconeEmbeddingProvider({ apiKey: 'k', model: 'multilingual-e5-large' });
    expect([provider.modelId, provider.dims, provider.maxInputTokens]).toEqual(['multilingual-e5-large', 1024, 507]);
  });
});
