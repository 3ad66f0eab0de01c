import { extractFeatures, fallbackFeature, type WeightedFeatures } from './feature-extraction';

/** Top bit of the 30-bit feature hash; the low bits choose the slot. */
const SIGN_BIT = 1 << 29;
const MODEL_ID_PREFIX = 'eloquent-hash-v1-';

/**
 * The model id of the hashed embedding at `dims` dimensions. The dimension is part of the
 * space: a vector hashed into 256 slots is not comparable to one in 512.
 */
export function hashedEmbeddingModelId(dims: number): string {
  if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`dims must be a positive integer, got ${dims}`);
  return `${MODEL_ID_PREFIX}${dims}`;
}

/** The dimension of a hashed-embedding model id, or undefined when `modelId` names another model. */
export function hashedEmbeddingDims(modelId: string): number | undefined {
  if (!modelId.startsWith(MODEL_ID_PREFIX)) return undefined;
  const digits = modelId.slice(MODEL_ID_PREFIX.length);
  if (!/^[1-9]\d{0,5}$/.test(digits)) return undefined;
  return Number(digits);
}

/**
 * Signed feature hashing over stems, word bigrams and character n-grams, L2-normalised: the
 * embedding service's keyless tier (docs/embedding.md). No model, no network, no randomness —
 * the same text gives the same vector in every process and version, which is why retrieval
 * may embed a query with it in process instead of asking the embedding service
 * (docs/retrieval.md, "Query embedding").
 */
export function hashedEmbedding(text: string, dims: number): Float32Array {
  // No content words, or (rarely) signed features cancelling out exactly: fall back so
  // the vector is still unit length. A single feature cannot cancel, hence the `!`.
  return project(extractFeatures(text), dims) ?? project(fallbackFeature(text), dims)!;
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
