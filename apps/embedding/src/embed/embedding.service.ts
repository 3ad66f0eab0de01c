import { Inject, Injectable } from '@nestjs/common';
import { AppError, EmbedRequestSchema, encodeVector, float32FromBytes, parseOrThrow, type EmbedRequest, type EmbedResponse } from '@eloquent/contracts';
import type { EmbeddingProvider } from '../providers/embedding-provider';
import { EmbeddingCache } from './embedding-cache';

/** The configured tiers, in order of preference. */
export const EMBEDDING_PROVIDERS = Symbol('EMBEDDING_PROVIDERS');

/**
 * Serves `embedding.embed`: picks a tier that produces the requested vector space
 * (never another model's vectors), answers from the cache where it can, and embeds
 * only the distinct texts it has not seen.
 */
@Injectable()
export class EmbeddingService {
  constructor(
    @Inject(EMBEDDING_PROVIDERS) private readonly providers: EmbeddingProvider[],
    private readonly cache: EmbeddingCache,
  ) {}

  /** The model new indexes are built with: the first tier's. */
  get defaultModel(): string {
    return this.providers[0].modelId;
  }

  async embed(input: EmbedRequest): Promise<EmbedResponse> {
    const request = parseOrThrow(EmbedRequestSchema, input);
    const model = request.model ?? this.defaultModel;
    const provider = this.providers.find((p) => p.modelId === model);
    if (!provider) throw new AppError('EMBEDDING_UNAVAILABLE', `No embedding tier serves model ${model}`);

    const keys = request.texts.map((text) => this.cache.key(model, request.kind, text));
    const cached = await this.cache.getMany(keys);
    const vectors: Array<Float32Array | undefined> = cached.map((hit) => (hit ? float32FromBytes(hit) : undefined));

    // Embed each distinct missing text once, in provider-sized batches.
    const missing = new Map<string, number[]>();
    request.texts.forEach((text, i) => {
      if (!vectors[i]) missing.set(keys[i], [...(missing.get(keys[i]) ?? []), i]);
    });
    const missingKeys = [...missing.keys()];
    for (let start = 0; start < missingKeys.length; start += provider.maxBatch) {
      const batchKeys = missingKeys.slice(start, start + provider.maxBatch);
      const texts = batchKeys.map((key) => request.texts[missing.get(key)![0]]);
      const embedded = await provider.embed(texts, request.kind);
      batchKeys.forEach((key, j) => missing.get(key)!.forEach((i) => (vectors[i] = embedded[j])));
      await this.cache.setMany(batchKeys.map((key, j) => [key, embedded[j]]));
    }

    return {
      vectors: vectors.map((v) => encodeVector(v!)),
      model,
      dims: provider.dims,
      tier: provider.tier,
      cached: cached.filter(Boolean).length,
    };
  }
}
