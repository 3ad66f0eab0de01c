/** The tiers, in the order the service prefers them for one model. */
export const EMBEDDING_TIERS = ['pinecone', 'openai', 'local', 'deterministic'] as const;
export type EmbeddingTier = (typeof EMBEDDING_TIERS)[number];

export type EmbeddingKind = 'query' | 'passage';

/**
 * One embedding backend. Every tier lives in its own folder under `providers/` and
 * implements this. `modelId` names the vector space: two providers with the same
 * `modelId` produce comparable vectors; different ids never are.
 */
export interface EmbeddingProvider {
  readonly tier: EmbeddingTier;
  readonly modelId: string;
  /** Known after {@link init}. */
  readonly dims: number;
  /** Most texts one `embed` call may carry. */
  readonly maxBatch: number;
  /** Most (counted) tokens one `embed` call may carry in total, where the API limits it. */
  readonly maxBatchTokens?: number;
  /** Longer inputs are truncated by the service before they reach the provider. */
  readonly maxInputTokens: number;
  /** Calls worth running at once: 1 for CPU-bound tiers (parallel runs only contend), more for APIs. */
  readonly maxConcurrency: number;
  /** Whether {@link countTokens} runs the model's own tokenizer (else it is an upper estimate). */
  readonly exactTokenCount: boolean;
  /** Tokens `text` counts against `maxInputTokens` (without special tokens and prefixes). */
  countTokens(text: string): number;
  /** Loads what the tier needs (weights, tokenizer) once at boot; throws with the setting to fix. */
  init?(): Promise<void>;
  /** Returns one L2-normalised vector of length `dims` per text, in order. */
  embed(texts: string[], kind: EmbeddingKind, signal?: AbortSignal): Promise<Float32Array[]>;
  close?(): Promise<void>;
}
