import { decodeVector, MAX_EMBED_TEXT_CHARS, MAX_EMBED_TEXTS, type EmbedResponse } from '@eloquent/contracts';
import { createRedis } from '@eloquent/redis';
import { createTestRedisPrefix, TEST_REDIS_URL, TINY_RANDOM_BERT_DIR } from '@eloquent/testing';
import type Redis from 'ioredis';
import type { EmbeddingService } from '../src/embed/embedding.service';
import { DeterministicEmbeddingProvider } from '../src/providers/deterministic/deterministic-embedding-provider';
import { LocalEmbeddingProvider } from '../src/providers/local/local-embedding-provider';
import { PRESETS } from '../src/providers/local/model-presets';
import { OpenAiEmbeddingProvider } from '../src/providers/openai/openai-embedding-provider';
import { FakeEmbeddingApi } from './support/fake-embedding-api';
import { buildService, counted } from './support/service';

const FIXTURE = TINY_RANDOM_BERT_DIR;
const vectorsOf = (response: EmbedResponse) => response.vectors.map((v) => Array.from(decodeVector(v)));

/** A help-centre-like corpus: `documents` documents of `chunks` passages each. */
function corpus(documents: number, chunks: number, edition = (_doc: number) => 0): string[][] {
  return Array.from({ length: documents }, (_, d) =>
    Array.from({ length: chunks }, (_, c) => {
      const edited = c === 0 && edition(d) > 0 ? ` (revised ${edition(d)})` : '';
      return `Article ${d}, section ${c}: how to manage card ${d % 7}, transfers and limits for account type ${c}${edited}.`;
    }),
  );
}

describe('EmbeddingService', () => {
  const redisPrefix = createTestRedisPrefix('embedding');
  const services: Array<{ redis: Redis; service: EmbeddingService }> = [];
  let deterministic: DeterministicEmbeddingProvider & { calls: string[][] };
  let service: EmbeddingService;

  const build = async (...args: Parameters<typeof buildService> extends [string, ...infer R] ? R : never) => {
    const built = await buildService(`${redisPrefix.prefix}${services.length}:`, ...args);
    services.push(built);
    return built.service;
  };

  beforeAll(async () => {
    deterministic = counted(new DeterministicEmbeddingProvider(64));
    service = await build([deterministic]);
  });
  beforeEach(() => (deterministic.calls.length = 0));
  afterAll(async () => {
    for (const built of services) {
      await built.service.onApplicationShutdown();
      // An ended connection keeps a timer if disconnected again.
      if (built.redis.status !== 'end') built.redis.disconnect();
    }
    await redisPrefix.cleanup();
  });

  it('answers from the cache the second time, without calling the provider', async () => {
    const texts = ['How do I freeze my card?', 'Savings interest rates'];
    const first = await service.embed({ texts, kind: 'passage' });
    expect(first).toMatchObject({ model: 'eloquent-hash-v1-64', dims: 64, tier: 'deterministic', cached: 0 });
    expect(deterministic.calls).toEqual([texts]);

    const second = await service.embed({ texts, kind: 'passage' });
    expect(second).toMatchObject({ tier: 'cache', cached: 2 });
    expect(vectorsOf(second)).toEqual(vectorsOf(first));
    expect(deterministic.calls).toHaveLength(1);
    // Normalised text is the key: spacing differences still hit.
    expect((await service.embed({ texts: ['  How do I   freeze my card? '], kind: 'passage' })).cached).toBe(1);
  });

  it('embeds a text repeated within a request once', async () => {
    const response = await service.embed({ texts: ['dup one', 'dup two', 'dup one'], kind: 'query' });
    expect(deterministic.calls).toEqual([['dup one', 'dup two']]);
    expect(vectorsOf(response)[2]).toEqual(vectorsOf(response)[0]);
  });

  it('embeds a text that concurrent requests both miss once', async () => {
    const [a, b] = await Promise.all([service.embed({ texts: ['shared text'], kind: 'query' }), service.embed({ texts: ['shared text'], kind: 'query' })]);
    expect(deterministic.calls.flat().filter((t) => t === 'shared text')).toHaveLength(1);
    expect(vectorsOf(a)).toEqual(vectorsOf(b));
  });

  it('shares a text with a request whose cache read comes back after the vector was computed, until the vector is cached', async () => {
    // The provider holds the first request's text until released, so the second one's read can be held up meanwhile.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const computing = new Promise<void>((resolve) => (entered = resolve));
    const gated = counted(new DeterministicEmbeddingProvider(64));
    const embed = gated.embed.bind(gated);
    gated.embed = async (texts, kind, signal) => {
      entered();
      await released;
      return embed(texts, kind, signal);
    };
    const raced = await build([gated]);
    const admin = createRedis(TEST_REDIS_URL, 'embedding-test-admin');
    try {
      const first = raced.embed({ texts: ['raced text'], kind: 'query' });
      await computing;
      // Redis answers nobody for 300 ms: the second request's cache read (a miss: the vector is not
      // written yet) comes back after the first request has computed the vector.
      await admin.call('CLIENT', 'PAUSE', '300', 'ALL');
      const second = raced.embed({ texts: ['raced text'], kind: 'query' });
      release();
      const [a, b] = await Promise.all([first, second]);

      expect(gated.calls.flat().filter((t) => t === 'raced text')).toHaveLength(1);
      expect(vectorsOf(a)).toEqual(vectorsOf(b));
    } finally {
      admin.disconnect();
    }
  });

  it('coalesces concurrent requests and gives the vectors one-by-one embedding gives', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `concurrent question ${i}`);
    const responses = await Promise.all(texts.map((text) => service.embed({ texts: [text], kind: 'query' })));
    expect(deterministic.calls.flat().sort()).toEqual([...texts].sort());
    expect(deterministic.calls.length).toBeLessThan(texts.length);
    const single = await new DeterministicEmbeddingProvider(64).embed(texts, 'query');
    expect(responses.map((r) => vectorsOf(r)[0])).toEqual(single.map((v) => Array.from(v)));
  });

  it('makes ≥ 70% fewer provider calls when re-ingesting a corpus with 10% of documents changed', async () => {
    const unbatched = counted(new DeterministicEmbeddingProvider(32));
    const ingestService = await build([unbatched], { EMBEDDING_BATCH_WAIT_MS: '0' });
    // One request per document, as retrieval's ingestion sends them.
    const ingest = async (documents: string[][]) => {
      for (const chunks of documents) await ingestService.embed({ texts: chunks, kind: 'passage' });
    };
    await ingest(corpus(100, 6));
    const initial = { calls: unbatched.calls.length, texts: unbatched.calls.flat().length };
    unbatched.calls.length = 0;
    await ingest(corpus(100, 6, (d) => (d % 10 === 0 ? 1 : 0)));
    const again = { calls: unbatched.calls.length, texts: unbatched.calls.flat().length };
    expect(initial).toEqual({ calls: 100, texts: 600 });
    expect(again).toEqual({ calls: 10, texts: 10 });
    expect(1 - again.calls / initial.calls).toBeGreaterThanOrEqual(0.7);
  });

  it('truncates a text over the model limit and flags it', async () => {
    const long = Array.from({ length: 9_000 }, (_, i) => `w${i % 10}`).join(' ');
    const response = await service.embed({ texts: ['short', long], kind: 'passage' });
    expect(response.truncated).toEqual([1]);
    const cut = deterministic.calls[0][1];
    expect(long.startsWith(cut)).toBe(true);
    expect(deterministic.countTokens(cut)).toBe(8192);
    expect((await service.embed({ texts: ['short'], kind: 'passage' })).truncated).toBeUndefined();
  });

  it.each([
    [{ texts: [], kind: 'query' }, 'VALIDATION_FAILED', 'NO_TEXTS'],
    [{ texts: ['ok', '', '  \n'], kind: 'query' }, 'VALIDATION_FAILED', 'EMPTY_TEXT'],
    [{ texts: Array.from({ length: MAX_EMBED_TEXTS + 1 }, (_, i) => `t${i}`), kind: 'query' }, 'PAYLOAD_TOO_LARGE', 'TOO_MANY_TEXTS'],
    [{ texts: ['x'.repeat(MAX_EMBED_TEXT_CHARS + 1)], kind: 'passage' }, 'PAYLOAD_TOO_LARGE', 'TEXT_TOO_LONG'],
    [{ texts: ['ok'], kind: 'query', model: 'text-embedding-3-large' }, 'EMBEDDING_UNAVAILABLE', 'UNKNOWN_MODEL'],
  ])('rejects %# with a stable code and reason', async (request, code, reason) => {
    await expect(service.embed(request)).rejects.toMatchObject({ code, details: expect.objectContaining({ reason }) });
    expect(deterministic.calls).toHaveLength(0);
  });

  it('names the blank texts and rejects malformed requests', async () => {
    await expect(service.embed({ texts: ['ok', '', ' '], kind: 'query' })).rejects.toMatchObject({ details: { reason: 'EMPTY_TEXT', indexes: [1, 2] } });
    await expect(service.embed({ texts: ['ok'], kind: 'document' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(service.embed({ texts: 'ok', kind: 'query' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('keeps answering when the cache is down', async () => {
    const gone = createRedis(TEST_REDIS_URL, 'gone', { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await new Promise((resolve) => gone.once('ready', resolve));
    gone.disconnect();
    const provider = counted(new DeterministicEmbeddingProvider(16));
    const { service: cacheless, redis } = await buildService(redisPrefix.prefix, [provider], {}, gone);
    services.push({ service: cacheless, redis });
    const response = await cacheless.embed({ texts: ['still works'], kind: 'query' });
    expect(response).toMatchObject({ tier: 'deterministic', cached: 0, dims: 16 });
  });

  describe('failover', () => {
    let api: FakeEmbeddingApi;
    beforeAll(async () => (api = await FakeEmbeddingApi.start('openai', 32)));
    afterAll(() => api.close());
    beforeEach(() => {
      api.requests.length = 0;
      api.script.length = 0;
    });

    const openai = (modelDims = 32) =>
      counted(new OpenAiEmbeddingProvider({ apiKey: 'sk', model: 'text-embedding-3-small', dimensions: modelDims, baseURL: api.url }));

    it('never answers with another model’s vectors', async () => {
      const remote = openai();
      const fallback = counted(new DeterministicEmbeddingProvider(32));
      const svc = await build([remote, fallback]);
      api.script.push({ kind: 'status', status: 500 });
      await expect(svc.embed({ texts: ['needs openai'], kind: 'query' })).rejects.toMatchObject({
        code: 'EMBEDDING_UNAVAILABLE',
        details: { reason: 'NO_HEALTHY_TIER', model: 'text-embedding-3-small@32' },
      });
      expect(fallback.calls).toEqual([]);
      expect(svc.info()).toEqual({
        defaultModel: 'text-embedding-3-small@32',
        models: [
          { model: 'text-embedding-3-small@32', dims: 32, tiers: ['openai'] },
          { model: 'eloquent-hash-v1-32', dims: 32, tiers: ['deterministic'] },
        ],
      });
    });

    it('fails over to the same model run locally, and back once the API answers', async () => {
      const remote = openai();
      const local = counted(
        new LocalEmbeddingProvider({ source: { dir: FIXTURE }, modelId: 'text-embedding-3-small@32', preset: PRESETS.minilm, dtype: 'fp32', maxBatch: 8 }),
      );
      const svc = await build([remote, local], { EMBEDDING_BREAKER_THRESHOLD: '1' });
      expect(svc.info().models).toEqual([{ model: 'text-embedding-3-small@32', dims: 32, tiers: ['openai', 'local'] }]);

      api.script.push({ kind: 'status', status: 503 });
      const degraded = await svc.embed({ texts: ['while the API is down'], kind: 'query' });
      expect(degraded).toMatchObject({ model: 'text-embedding-3-small@32', tier: 'local' });
      expect(vectorsOf(degraded)).toEqual((await local.embed(['while the API is down'], 'query')).map((v) => Array.from(v)));

      // The breaker is open now: the next request goes straight to the local tier.
      expect(svc.health()).toMatchObject({
        tiers: [
          { tier: 'openai', breaker: 'open' },
          { tier: 'local', breaker: 'closed' },
        ],
      });
      expect((await svc.embed({ texts: ['breaker open'], kind: 'query' })).tier).toBe('local');
      expect(api.requests).toHaveLength(1);
    });

    it('refuses to start when two tiers claim one model with different dimensions', async () => {
      const local = new LocalEmbeddingProvider({
        source: { dir: FIXTURE },
        modelId: 'text-embedding-3-small@16',
        preset: PRESETS.minilm,
        dtype: 'fp32',
        maxBatch: 8,
      });
      await expect(build([openai(16), local])).rejects.toThrow(/openai \(16 dims\) and local \(32 dims\) claim model text-embedding-3-small@16/);
    });

    it('refuses to start with a default model no tier produces', async () => {
      await expect(build([new DeterministicEmbeddingProvider(32)], { EMBEDDING_MODEL: 'text-embedding-3-small' })).rejects.toThrow(
        /EMBEDDING_MODEL=text-embedding-3-small is produced by no active tier \(active: deterministic → eloquent-hash-v1-32\)/,
      );
    });
  });
});
