import type { INestApplication } from '@nestjs/common';
import { BusClient } from '@eloquent/bus';
import { decodeVector } from '@eloquent/contracts';
import { startService } from '@eloquent/runtime';
import { createTestRedisPrefix, freePort, TEST_REDIS_URL, TINY_RANDOM_BERT_DIR } from '@eloquent/testing';
import { EmbeddingAppModule } from '../src/app.module';
import { loadEmbeddingConfig } from '../src/config';
import { FakeEmbeddingApi } from './support/fake-embedding-api';

const FIXTURE = TINY_RANDOM_BERT_DIR;
const SPACE = 'text-embedding-3-small@32';

/**
 * The service as it boots in production (HTTP health and metrics, the Redis Streams bus),
 * with OpenAI (a local fake speaking its wire format) and the same 32-dim space served
 * locally by the ONNX fixture, plus the deterministic tier.
 */
describe('embedding service over the bus', () => {
  const redis = createTestRedisPrefix('embedding-app');
  let api: FakeEmbeddingApi;
  let app: INestApplication;
  let bus: BusClient;
  let baseUrl: string;

  beforeAll(async () => {
    api = await FakeEmbeddingApi.start('openai', 32);
    const port = await freePort();
    const config = loadEmbeddingConfig({
      PORT: String(port),
      LOG_LEVEL: 'silent',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redis.prefix,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: api.url,
      OPENAI_EMBEDDING_DIMENSIONS: '32',
      LOCAL_EMBEDDING_MODEL_DIR: FIXTURE,
      LOCAL_EMBEDDING_MODEL: SPACE,
      EMBEDDING_API_RETRIES: '0',
      EMBEDDING_BREAKER_THRESHOLD: '1',
      EMBEDDING_BREAKER_HALF_OPEN_MS: '60000',
    });
    app = await startService({ service: 'embedding', module: EmbeddingAppModule.forRoot(config), config, servesBus: true });
    baseUrl = `http://127.0.0.1:${port}`;
    bus = new BusClient({ redisUrl: TEST_REDIS_URL, prefix: redis.prefix, name: 'embedding-app-test', defaultTimeoutMs: 10_000 });
  });

  afterAll(async () => {
    await bus?.close();
    await app?.close();
    await api?.close();
    await redis.cleanup();
  });

  it('says which spaces it produces, through which tiers', async () => {
    expect(await bus.request('embedding.info', {})).toEqual({
      defaultModel: SPACE,
      models: [
        { model: SPACE, dims: 32, tiers: ['openai', 'local'] },
        { model: 'eloquent-hash-v1-512', dims: 512, tiers: ['deterministic'] },
      ],
    });
  });

  it('embeds over the bus with the first tier of the default space', async () => {
    const reply = await bus.request('embedding.embed', { texts: ['How do I order a new card?'], kind: 'query' });
    expect(reply).toMatchObject({ model: SPACE, dims: 32, tier: 'openai', cached: 0 });
    expect(Array.from(decodeVector(reply.vectors[0]))).toEqual(Array.from(api.expected('How do I order a new card?')));
    const deterministic = await bus.request('embedding.embed', { texts: ['keyless space'], kind: 'query', model: 'eloquent-hash-v1-512' });
    expect(deterministic).toMatchObject({ tier: 'deterministic', dims: 512 });
  });

  it('returns bad requests as stable codes with a reason', async () => {
    await expect(bus.request('embedding.embed', { texts: ['fine', ''], kind: 'passage' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reason: 'EMPTY_TEXT', indexes: [1] },
    });
    await expect(bus.request('embedding.embed', { texts: ['x'], kind: 'query', model: 'unknown-model' })).rejects.toMatchObject({
      code: 'EMBEDDING_UNAVAILABLE',
      details: { reason: 'UNKNOWN_MODEL' },
    });
  });

  it('fails over within the space and shows the open breaker in health and metrics', async () => {
    const ready = async () => (await fetch(`${baseUrl}/health/ready`)).json() as Promise<{ status: string; details: { embedding: Record<string, unknown> } }>;
    expect((await ready()).details.embedding).toMatchObject({
      status: 'up',
      defaultModel: SPACE,
      tiers: [
        { tier: 'openai', model: SPACE, dims: 32, breaker: 'closed' },
        { tier: 'local', model: SPACE, dims: 32, breaker: 'closed' },
        { tier: 'deterministic', model: 'eloquent-hash-v1-512', dims: 512, breaker: 'closed' },
      ],
    });

    api.script.push({ kind: 'status', status: 500 });
    const reply = await bus.request('embedding.embed', { texts: ['API down'], kind: 'query' });
    expect(reply).toMatchObject({ model: SPACE, tier: 'local' });

    const report = await ready();
    expect(report.status).toBe('ok');
    expect(report.details.embedding.tiers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tier: 'openai', breaker: 'open', calls: 2, failures: 1, rejected: 0 }),
        expect.objectContaining({ tier: 'local', breaker: 'closed', calls: 1, failures: 0, meanLatencyMs: expect.any(Number) }),
      ]),
    );

    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    // Every series also carries service="embedding" (docs/observability.md), in either order.
    expect(metrics).toContain('eloquent_circuit_breaker_state{dependency="embedding.openai",service="embedding"} 2');
    expect(metrics).toContain('eloquent_dependency_calls_total{dependency="embedding.openai",outcome="failure",service="embedding"} 1');
    expect(metrics).toMatch(/eloquent_dependency_calls_total\{dependency="embedding.local",outcome="success",service="embedding"\} [1-9]/);
    expect(metrics).toMatch(/eloquent_dependency_latency_seconds_count\{[^}]*dependency="embedding.openai"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/eloquent_embedding_texts_total\{model="text-embedding-3-small@32",source="computed",service="embedding"\} [1-9]/);
  });
});
