/** The tiers, in the order the service prefers them. */
export type EmbeddingTier = 'pinecone' | 'openai' | 'local' | 'deterministic';

export type EmbeddingKind = 'query' | 'passage';

/**
 * One embedding backend. Every tier lives in its own folder under `providers/` and
 * implements this. `modelId` names the vector space: two providers with the same
 * `modelId` produce comparable vectors; different ids never are.
 */
export interface EmbeddingProvider {
  readonly tier: EmbeddingTier;
  readonly modelId: string;
  readonly dims: number;
  /** Most texts one `embed` call may carry. */
  readonly maxBatch: number;
  /** Longer inputs are truncated by the service before they reach the provider. */
  readonly maxInputTokens: number;
  /** Returns one L2-normalised vector of length `dims` per text, in order. */
  embed(texts: string[], kind: EmbeddingKind, signal?: AbortSignal): Promise<Float32Array[]>;
}
