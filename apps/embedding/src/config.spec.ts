import { ConfigError } from '@eloquent/config';
import { TINY_RANDOM_BERT_DIR } from '@eloquent/testing';
import { loadEmbeddingConfig } from './config';
import { createProviders } from './embed/create-providers';

const FIXTURE = TINY_RANDOM_BERT_DIR;
const tiersOf = (env: NodeJS.ProcessEnv) => createProviders(loadEmbeddingConfig(env)).map((p) => [p.tier, p.modelId]);

describe('embedding config', () => {
  it('runs keyless on the deterministic tier alone', () => {
    expect(tiersOf({})).toEqual([['deterministic', 'eloquent-hash-v1-512']]);
  });

  it('switches tiers on with keys and a model folder, in preference order', () => {
    expect(tiersOf({ OPENAI_API_KEY: 'sk', PINECONE_API_KEY: 'pc', LOCAL_EMBEDDING_MODEL_DIR: FIXTURE, DETERMINISTIC_DIMS: '256' })).toEqual([
      ['pinecone', 'multilingual-e5-large'],
      ['openai', 'text-embedding-3-small'],
      ['local', 'tiny-random-bert'],
      ['deterministic', 'eloquent-hash-v1-256'],
    ]);
  });

  it('names a shortened API space after its dimension, and lets the local tier share it', () => {
    expect(
      tiersOf({
        OPENAI_API_KEY: 'sk',
        OPENAI_EMBEDDING_DIMENSIONS: '512',
        LOCAL_EMBEDDING_MODEL_DIR: FIXTURE,
        LOCAL_EMBEDDING_MODEL: 'text-embedding-3-small@512',
      }),
    ).toEqual([
      ['openai', 'text-embedding-3-small@512'],
      ['local', 'text-embedding-3-small@512'],
      ['deterministic', 'eloquent-hash-v1-512'],
    ]);
  });

  it.each([
    [{ OPENAI_API_KEY: 'sk', OPENAI_EMBEDDING_MODEL: 'my-model' }, /OPENAI_EMBEDDING_DIMENSIONS: required/],
    [{ OPENAI_API_KEY: 'sk', OPENAI_EMBEDDING_DIMENSIONS: '4096' }, /OPENAI_EMBEDDING_DIMENSIONS: text-embedding-3-small cannot produce 4096/],
    [{ OPENAI_API_KEY: 'sk', OPENAI_EMBEDDING_MODEL: 'text-embedding-ada-002', OPENAI_EMBEDDING_DIMENSIONS: '512' }, /cannot produce 512/],
    [{ PINECONE_API_KEY: 'pc', PINECONE_EMBEDDING_MODEL: 'new-model' }, /PINECONE_EMBEDDING_DIMS: required/],
    [{ PINECONE_API_KEY: 'pc', PINECONE_EMBEDDING_DIMS: '512' }, /PINECONE_EMBEDDING_DIMS: multilingual-e5-large produces 1024/],
    [{ LOCAL_EMBEDDING_MODEL_DIR: FIXTURE, LOCAL_EMBEDDING_HUB_MODEL: 'x/y', LOCAL_EMBEDDING_ALLOW_REMOTE: 'true' }, /not both/],
    [{ EMBEDDING_BATCH_WAIT_MS: '-1' }, /EMBEDDING_BATCH_WAIT_MS/],
  ])('rejects %j naming the setting', (env, message) => {
    expect(() => loadEmbeddingConfig(env)).toThrow(ConfigError);
    expect(() => loadEmbeddingConfig(env)).toThrow(message);
  });

  it('accepts a Matryoshka dimension Pinecone supports', () => {
    expect(tiersOf({ PINECONE_API_KEY: 'pc', PINECONE_EMBEDDING_MODEL: 'llama-text-embed-v2', PINECONE_EMBEDDING_DIMS: '512' })[0]).toEqual([
      'pinecone',
      'llama-text-embed-v2@512',
    ]);
  });
});
