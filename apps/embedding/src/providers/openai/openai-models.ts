export interface OpenAiModelSpec {
  dims: number;
  /** Whether the `dimensions` parameter may shorten the vectors. */
  shortenable: boolean;
}

export const OPENAI_MODELS: Record<string, OpenAiModelSpec> = {
  'text-embedding-3-small': { dims: 1536, shortenable: true },
  'text-embedding-3-large': { dims: 3072, shortenable: true },
  'text-embedding-ada-002': { dims: 1536, shortenable: false },
};

/** OpenAI's per-input limit for every embedding model, and its total per request. */
export const OPENAI_MAX_INPUT_TOKENS = 8191;
export const OPENAI_MAX_REQUEST_TOKENS = 300_000;
