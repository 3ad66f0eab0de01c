import { tokenize } from '@eloquent/text';
import type { EmbeddingKind, EmbeddingProvider, EmbeddingTier } from '../embedding-provider';
import { extractFeatures, fallbackFeature, type WeightedFeatures } from './feature-extraction';

const DEFAULT_DIMS = 512;
/** Top bit of the 30-bit feature hash; the low bits choose the slot. */
const SIGN_BIT = 1 << 29;

/**
 * The last-resort tier: signed feature hashing over stems, word bigrams and character
 * n-grams. No model, no network, no randomness — the same text gives the same vector
 * in every process and version, so vectors stored yesterday stay comparable. Retrieval
 * quality is lexical (shared stems and subwords), which is what keeps search working
 * when every learned model is unavailable.
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
    if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`dims must be a positive integer, got ${dims}`);
    // The dimension is part of the space: a vector hashed into 256 slots is not comparable to one in 512.
    this.modelId = `eloquent-hash-v1-${dims}`;
  }

  /** The words its features come from. */
  countTokens(text: string): number {
    return tokenize(text).length;
  }

  /** `kind` is ignored: queries and passages share one symmetric space. */
  async embed(texts: string[], _kind: EmbeddingKind, signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    return texts.map((text) => this.embedOne(text));
  }

  private embedOne(text: string): Float32Array {
    // No content words, or (rarely) signed features cancelling out exactly: fall back so
    // the vector is still unit length. A single feature cannot cancel, hence the `!`.
    return project(extractFeatures(text), this.dims) ?? project(fallbackFeature(text), this.dims)!;
  }
}

/** Folds hashed features into `dims` slots (random ±1 per feature) and L2-normalises; undefined if all cancel. */
function project(features: WeightedFeatures, dims: number): Float32Array | undefined {
  const sums = new Float64Array(dims);
  for (const [hash, weight] of features) {
    sums[hash % dims] += hash & SIGN_BIT ? -weight : weight;
  }
  let squared = 0;
  for (const value of sums) squared += value * value;
  if (squared === 0) return undefined;
  const norm = Math.sqrt(squared);
  const vector = new Float32Array(dims);
  for (let i = 0; i < dims; i++) vector[i] = sums[i] / norm;
  return vector;
}
