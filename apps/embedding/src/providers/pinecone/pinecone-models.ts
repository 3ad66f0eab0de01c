/** What the service must know of a Pinecone-hosted dense embedding model before its first call. */
export interface PineconeModelSpec {
  dims: number;
  /** Dimensions the model can be asked for (Matryoshka); absent = only `dims`. */
  supportedDims?: number[];
  maxInputTokens: number;
  maxBatch: number;
}

/** From Pinecone's model list (`pc.inference.listModels()`); other models need PINECONE_EMBEDDING_DIMS. */
export const PINECONE_MODELS: Record<string, PineconeModelSpec> = {
  'multilingual-e5-large': { dims: 1024, maxInputTokens: 507, maxBatch: 96 },
  'llama-text-embed-v2': { dims: 1024, supportedDims: [384, 512, 768, 1024, 2048], maxInputTokens: 2048, maxBatch: 96 },
};

/** For a model missing from {@link PINECONE_MODELS}: Pinecone's smallest common limits. */
export const PINECONE_FALLBACK_LIMITS = { maxInputTokens: 507, maxBatch: 96 };
