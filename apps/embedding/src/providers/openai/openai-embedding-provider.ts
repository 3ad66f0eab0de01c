import OpenAI from 'openai';
import type { EmbeddingKind, EmbeddingProvider, EmbeddingTier } from '../embedding-provider';
import { spaceId } from '../space-id';
import { estimateApiTokens, l2Normalize } from '../vector-math';
import { OPENAI_MAX_INPUT_TOKENS, OPENAI_MAX_REQUEST_TOKENS, OPENAI_MODELS } from './openai-models';

export interface OpenAiProviderOptions {
  apiKey: string;
  model: string;
  /** Shortened output (text-embedding-3-*); required for models missing from OPENAI_MODELS. */
  dimensions?: number;
  /** Defaults to https://api.openai.com/v1 (tests and proxies point it elsewhere). */
  baseURL?: string;
}

/**
 * OpenAI embeddings through the official SDK. Its own retries are off: ResilientCall
 * retries with backoff, jitter and Retry-After, and counts failures for the breaker. The
 * SDK's errors keep `status` and `headers`, which is what ResilientCall reads.
 */
export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  readonly tier: EmbeddingTier = 'openai';
  readonly modelId: string;
  readonly dims: number;
  readonly maxBatch = 256;
  readonly maxBatchTokens = OPENAI_MAX_REQUEST_TOKENS;
  readonly maxInputTokens = OPENAI_MAX_INPUT_TOKENS;
  readonly maxConcurrency = 4;
  readonly exactTokenCount = false;
  private readonly client: OpenAI;
  /** Sent only when it differs from the model's native size (ada-002 rejects the parameter). */
  private readonly dimensions?: number;

  constructor(private readonly options: OpenAiProviderOptions) {
    const spec = OPENAI_MODELS[options.model];
    const dims = options.dimensions ?? spec?.dims;
    if (dims === undefined) throw new Error(`OpenAI model ${options.model} is not known here: set OPENAI_EMBEDDING_DIMENSIONS`);
    this.dims = dims;
    this.dimensions = spec && dims === spec.dims ? undefined : dims;
    this.modelId = spaceId(options.model, dims, spec?.dims);
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
  }

  countTokens(text: string): number {
    return estimateApiTokens(text);
  }

  /** `kind` is ignored: OpenAI's embedding models are symmetric. */
  async embed(texts: string[], _kind: EmbeddingKind, signal?: AbortSignal): Promise<Float32Array[]> {
    const response = await this.client.embeddings.create({ model: this.options.model, input: texts, dimensions: this.dimensions }, { signal });
    if (response.data.length !== texts.length) throw new Error(`OpenAI returned ${response.data.length} embeddings for ${texts.length} inputs`);
    const vectors = new Array<Float32Array>(texts.length);
    for (const item of response.data) vectors[item.index] = l2Normalize(Float32Array.from(item.embedding));
    return vectors;
  }
}
