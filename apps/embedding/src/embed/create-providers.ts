import type { EmbeddingConfig } from '../config';
import { DeterministicEmbeddingProvider } from '../providers/deterministic/deterministic-embedding-provider';
import type { EmbeddingProvider } from '../providers/embedding-provider';
import { LocalEmbeddingProvider, type LocalModelSource } from '../providers/local/local-embedding-provider';
import { resolvePreset } from '../providers/local/model-presets';
import { OpenAiEmbeddingProvider } from '../providers/openai/openai-embedding-provider';
import { PineconeEmbeddingProvider } from '../providers/pinecone/pinecone-embedding-provider';

/** The tiers the configuration switches on, in the order they are preferred for one model. */
export function createProviders(config: EmbeddingConfig): EmbeddingProvider[] {
  const providers: EmbeddingProvider[] = [];
  if (config.PINECONE_API_KEY) {
    providers.push(
      new PineconeEmbeddingProvider({
        apiKey: config.PINECONE_API_KEY,
        model: config.PINECONE_EMBEDDING_MODEL,
        dims: config.PINECONE_EMBEDDING_DIMS,
        controllerHostUrl: config.PINECONE_CONTROLLER_HOST,
      }),
    );
  }
  if (config.OPENAI_API_KEY) {
    providers.push(
      new OpenAiEmbeddingProvider({
        apiKey: config.OPENAI_API_KEY,
        model: config.OPENAI_EMBEDDING_MODEL,
        dimensions: config.OPENAI_EMBEDDING_DIMENSIONS,
        baseURL: config.OPENAI_BASE_URL,
      }),
    );
  }
  const source = localSource(config);
  if (source) {
    const names = [config.LOCAL_EMBEDDING_MODEL, config.LOCAL_EMBEDDING_MODEL_DIR, config.LOCAL_EMBEDDING_HUB_MODEL].filter((n): n is string => !!n);
    providers.push(
      new LocalEmbeddingProvider({
        source,
        modelId: config.LOCAL_EMBEDDING_MODEL,
        preset: resolvePreset(names, {
          preset: config.LOCAL_EMBEDDING_PRESET,
          pooling: config.LOCAL_EMBEDDING_POOLING,
          queryPrefix: config.LOCAL_EMBEDDING_QUERY_PREFIX,
          passagePrefix: config.LOCAL_EMBEDDING_PASSAGE_PREFIX,
        }),
        dtype: config.LOCAL_EMBEDDING_DTYPE,
        maxBatch: config.LOCAL_EMBEDDING_MAX_BATCH,
      }),
    );
  }
  providers.push(new DeterministicEmbeddingProvider(config.DETERMINISTIC_DIMS));
  return providers;
}

function localSource(config: EmbeddingConfig): LocalModelSource | undefined {
  if (config.LOCAL_EMBEDDING_MODEL_DIR) return { dir: config.LOCAL_EMBEDDING_MODEL_DIR };
  if (config.LOCAL_EMBEDDING_HUB_MODEL && config.LOCAL_EMBEDDING_ALLOW_REMOTE) {
    return { hubModel: config.LOCAL_EMBEDDING_HUB_MODEL, hubUrl: config.LOCAL_EMBEDDING_HUB_URL, cacheDir: config.LOCAL_EMBEDDING_CACHE_DIR };
  }
  return undefined;
}
