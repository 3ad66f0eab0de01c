import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BusExceptionFilter, RedisStreamsServer } from '@eloquent/bus';
import { AppError, encodeVector, type EmbedRequest, type EmbedResponse, type EmbeddingInfo } from '@eloquent/contracts';
import { TEST_REDIS_URL } from '@eloquent/testing';
import { hashedEmbedding, hashedEmbeddingDims } from '@eloquent/text';
import { createHash } from 'node:crypto';

/**
 * A stand-in embedding service on the real bus, for retrieval tests that need to control it:
 * which models it serves, its default model, failures and delays. Its vectors are hashed bags
 * of lower-cased words (so texts sharing words are close), in as many dimensions as the model has;
 * a model named as the deterministic hashed embedding (`eloquent-hash-v1-N`) gets that
 * embedding's vectors, as from the real embedding service's keyless tier.
 */
export class TestEmbedder {
  models: Record<string, number> = { 'test-hash-16': 16 };
  defaultModel = 'test-hash-16';
  /** The next N passage requests fail with EMBEDDING_UNAVAILABLE (a transient outage). */
  failNextPassageCalls = 0;
  /** Texts matching this always fail transiently. */
  poison?: RegExp;
  /** Texts matching this are refused as invalid (a permanent failure). */
  invalid?: RegExp;
  /** Query requests fail with EMBEDDING_UNAVAILABLE. */
  queriesDown = false;
  /** Added to every passage request of this model. */
  passageDelayMs: Record<string, number> = {};
  readonly calls: Array<{ kind: string; model: string; texts: number }> = [];

  async embed(request: EmbedRequest): Promise<EmbedResponse> {
    const model = request.model ?? this.defaultModel;
    const dims = this.models[model];
    if (!dims) throw new AppError('EMBEDDING_UNAVAILABLE', `No embedding tier serves model ${model}`);
    this.calls.push({ kind: request.kind, model, texts: request.texts.length });
    if (request.kind === 'query' && this.queriesDown) throw new AppError('EMBEDDING_UNAVAILABLE', 'query embedding is down');
    if (request.kind === 'passage') {
      if (this.failNextPassageCalls > 0) {
        this.failNextPassageCalls--;
        throw new AppError('EMBEDDING_UNAVAILABLE', 'provider returned 503');
      }
      if (request.texts.some((t) => this.poison?.test(t))) throw new AppError('EMBEDDING_UNAVAILABLE', 'provider returned 429');
      if (request.texts.some((t) => this.invalid?.test(t))) throw new AppError('VALIDATION_FAILED', 'text refused by the provider');
      const delay = this.passageDelayMs[model];
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    }
    const vectorOf = hashedEmbeddingDims(model) === undefined ? hashVector : hashedEmbedding;
    return { vectors: request.texts.map((t) => encodeVector(vectorOf(t, dims))), model, dims, tier: 'test', cached: 0 };
  }

  info(): EmbeddingInfo {
    return { defaultModel: this.defaultModel, models: Object.entries(this.models).map(([model, dims]) => ({ model, dims, tiers: ['test'] })) };
  }
}

export function hashVector(text: string, dims: number): Float32Array {
  const vector = new Float32Array(dims);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? ['empty']) {
    const hash = createHash('md5').update(word).digest();
    vector[hash.readUInt32LE(0) % dims] += hash[4] & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

/** Serves `embedding.embed` and `embedding.info` from `embedder` on the bus under `prefix`. */
export async function startTestEmbedder(prefix: string, embedder = new TestEmbedder()): Promise<{ embedder: TestEmbedder; close(): Promise<void> }> {
  @Controller()
  class EmbedderController {
    @MessagePattern('embedding.embed')
    embed(@Payload() request: EmbedRequest) {
      return embedder.embed(request);
    }

    @MessagePattern('embedding.info')
    info() {
      return embedder.info();
    }
  }
  @Module({ controllers: [EmbedderController] })
  class EmbedderModule {}

  const app: INestMicroservice = await NestFactory.createMicroservice(EmbedderModule, {
    strategy: new RedisStreamsServer({ redisUrl: TEST_REDIS_URL, prefix, service: 'embedding', drainMs: 100 }),
    logger: false,
  });
  app.useGlobalFilters(new BusExceptionFilter());
  await app.listen();
  return { embedder, close: () => app.close() };
}
