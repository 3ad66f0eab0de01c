import { hashedEmbedding, hashedEmbeddingModelId, tokenize } from '@eloquent/text';
import type { EmbeddingKind, EmbeddingProvider, EmbeddingTier } from '../embedding-provider';

const DEFAULT_DIMS = 512;

/**
 * The last-resort tier: signed feature hashing over stems, word bigrams and character
 * n-grams (`hashedEmbedding` in libs/text). No model, no network, no randomness — the same
 * text gives the same vector in every process and version, so vectors stored yesterday stay
 * comparable, and retrieval embeds queries in this space itself (docs/embedding.md). Retrieval
 * quality is lexical (shared stems and subwords), which is what keeps search working when
 * every learned model is unavailable.
 */
export class DeterministicEmbeddingProvider implements EmbeddingProvider {
  readonly tier: EmbeddingTier = 'deterministic';
  readonly modelId: string;
  readonly maxBatch = 256;
  readonly maxInputTokens = 8192;
  /** Synchronous CPU work: concurrent calls would only take turns on the event loop. */
  readonly maxConcurrency = 1;
  readonly exactTokenCount = true;

  constructor(readonly dims: number = DEFAULT_DIMS) {
    this.modelId = hashedEmbeddingModelId(dims);
  }

  /** The words its features come from. */
  countTokens(text: string): number {
    return tokenize(text).length;
  }

  /** `kind` is ignored: queries and passages share one symmetric space. */
  async embed(texts: string[], _kind: EmbeddingKind, signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    return texts.map((text) => hashedEmbedding(text, this.dims));
  }
}
