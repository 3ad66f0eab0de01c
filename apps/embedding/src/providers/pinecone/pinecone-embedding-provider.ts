import { Pinecone } from '@pinecone-database/pinecone';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EmbeddingKind, EmbeddingProvider, EmbeddingTier } from '../embedding-provider';
import { HttpStatusError } from '../http-status-error';
import { spaceId } from '../space-id';
import { estimateApiTokens, l2Normalize } from '../vector-math';
import { PINECONE_FALLBACK_LIMITS, PINECONE_MODELS } from './pinecone-models';

export interface PineconeProviderOptions {
  apiKey: string;
  /** Pinecone's model name, e.g. `multilingual-e5-large`. */
  model: string;
  /** Required for models missing from PINECONE_MODELS; shortens Matryoshka models. */
  dims?: number;
  /** Defaults to https://api.pinecone.io (tests point it at a local server). */
  controllerHostUrl?: string;
}

/** What one `embed` call's HTTP exchange needs: its abort signal, and the last answer for error details. */
interface CallContext {
  signal?: AbortSignal;
  response?: Response;
}

/**
 * Pinecone Inference (`pc.inference.embed`). The SDK's own retries are off (ResilientCall
 * retries, with Retry-After), and its fetch is wrapped so each call can be aborted on
 * timeout and a failure keeps its HTTP status and headers, which the SDK's errors drop.
 */
export class PineconeEmbeddingProvider implements EmbeddingProvider {
  readonly tier: EmbeddingTier = 'pinecone';
  readonly modelId: string;
  readonly dims: number;
  readonly maxBatch: number;
  readonly maxInputTokens: number;
  readonly maxConcurrency = 4;
  readonly exactTokenCount = false;
  private readonly client: Pinecone;
  private readonly calls = new AsyncLocalStorage<CallContext>();
  private readonly parameters: Record<string, string>;

  constructor(private readonly options: PineconeProviderOptions) {
    const spec = PINECONE_MODELS[options.model];
    const dims = options.dims ?? spec?.dims;
    if (dims === undefined) throw new Error(`Pinecone model ${options.model} is not known here: set PINECONE_EMBEDDING_DIMS`);
    this.dims = dims;
    this.modelId = spaceId(options.model, dims, spec?.dims);
    this.maxBatch = spec?.maxBatch ?? PINECONE_FALLBACK_LIMITS.maxBatch;
    this.maxInputTokens = spec?.maxInputTokens ?? PINECONE_FALLBACK_LIMITS.maxInputTokens;
    // `truncate: END` is a backstop: the service already cut texts by its (pessimistic) estimate.
    this.parameters = { truncate: 'END', ...(spec && dims !== spec.dims ? { dimension: String(dims) } : {}) };
    this.client = new Pinecone({
      apiKey: options.apiKey,
      controllerHostUrl: options.controllerHostUrl,
      maxRetries: 0,
      fetchApi: (url: string | URL | Request, init?: RequestInit) => this.fetch(url, init),
    });
  }

  countTokens(text: string): number {
    return estimateApiTokens(text);
  }

  async embed(texts: string[], kind: EmbeddingKind, signal?: AbortSignal): Promise<Float32Array[]> {
    const call: CallContext = { signal };
    let result;
    try {
      result = await this.calls.run(call, () =>
        this.client.inference.embed({ model: this.options.model, inputs: texts, parameters: { inputType: kind, ...this.parameters } }),
      );
    } catch (error) {
      const response = call.response;
      if (response && !response.ok) {
        throw new HttpStatusError(response.status, response.headers, `Pinecone embed answered HTTP ${response.status}`, { cause: error });
      }
      throw error;
    }
    return result.data.map((embedding, i) => {
      if (embedding.vectorType !== 'dense') throw new Error(`Pinecone returned a ${embedding.vectorType} vector for input ${i}; the model must be dense`);
      return l2Normalize(Float32Array.from(embedding.values));
    });
  }

  private async fetch(url: string | URL | Request, init?: RequestInit): Promise<Response> {
    const call = this.calls.getStore();
    const signal = call?.signal && init?.signal ? AbortSignal.any([call.signal, init.signal]) : (call?.signal ?? init?.signal);
    const response = await fetch(url, { ...init, signal });
    if (call) call.response = response;
    return response;
  }
}
