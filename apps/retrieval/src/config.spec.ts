import { changeLogPollMs, RetrievalConfigSchema } from './config';

describe('retrieval config', () => {
  const base = { DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost:6379' };

  it('refuses stateless mode without a vector backend that holds the keyword leg, naming the setting', () => {
    const parsed = RetrievalConfigSchema.safeParse({ ...base, INDEX_MODE: 'stateless' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([expect.objectContaining({ path: ['INDEX_MODE'], message: expect.stringContaining('VECTOR_BACKEND=pinecone') })]);
  });

  it('accepts stateless mode with Pinecone, and defaults to memory', () => {
    const stateless = { ...base, INDEX_MODE: 'stateless', VECTOR_BACKEND: 'pinecone', PINECONE_API_KEY: 'k', PINECONE_INDEX: 'i' };
    expect(RetrievalConfigSchema.parse(stateless).INDEX_MODE).toBe('stateless');
    expect(RetrievalConfigSchema.parse(base).INDEX_MODE).toBe('memory');
  });

  it('polls the change log rarely when notifications wake the followers, at INDEX_POLL_MS when they are off', () => {
    expect(changeLogPollMs(RetrievalConfigSchema.parse(base))).toBe(5_000);
    expect(changeLogPollMs(RetrievalConfigSchema.parse({ ...base, INDEX_NOTIFY: 'off' }))).toBe(250);
    expect(changeLogPollMs(RetrievalConfigSchema.parse({ ...base, INDEX_FALLBACK_POLL_MS: '60000' }))).toBe(60_000);
    const parsed = RetrievalConfigSchema.safeParse({ ...base, INDEX_NOTIFY: 'yes' });
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['INDEX_NOTIFY'] })]);
  });
});
