import { DeterministicEmbeddingProvider } from './deterministic-embedding-provider';

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

async function embedOne(provider: DeterministicEmbeddingProvider, text: string): Promise<Float32Array> {
  const [vector] = await provider.embed([text], 'passage');
  return vector;
}

describe('DeterministicEmbeddingProvider', () => {
  const provider = new DeterministicEmbeddingProvider();

  it('describes its space', () => {
    expect(provider.tier).toBe('deterministic');
    expect(provider.dims).toBe(512);
    expect(provider.modelId).toBe('eloquent-hash-v1-512');
    expect(provider.maxBatch).toBe(256);
    expect(provider.maxInputTokens).toBe(8192);
  });

  it('gives identical vectors across instances, calls and kinds', async () => {
    const text = 'How do I reset my card PIN?';
    const first = await embedOne(provider, text);
    const [again] = await new DeterministicEmbeddingProvider().embed([text], 'query');
    expect(Array.from(again)).toEqual(Array.from(first));
  });

  it('matches the pinned values, so the vector space cannot drift silently', async () => {
    const vector = await embedOne(provider, 'How do I reset my card PIN?');
    const nonZero = Array.from(vector.entries())
      .filter(([, value]) => value !== 0)
      .slice(0, 8);
    expect(nonZero.map(([i, value]) => [i, Number(value.toFixed(6))])).toEqual(PINNED);
  });

  it('returns unit-length vectors, also for empty, stopword-only and repetitive text', async () => {
    const texts = ['How do I reset my card PIN?', '', '   ', 'how do I', '?!', 'pin '.repeat(500)];
    for (const vector of await provider.embed(texts, 'passage')) expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it('honours the configured dimension', async () => {
    const small = new DeterministicEmbeddingProvider(64);
    const vector = await embedOne(small, 'Transfer limits for business accounts');
    expect(small.modelId).toBe('eloquent-hash-v1-64');
    expect(vector).toHaveLength(64);
    expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it('rejects a non-positive dimension', () => {
    expect(() => new DeterministicEmbeddingProvider(0)).toThrow(RangeError);
  });

  it('scores a paraphrase above an unrelated text', async () => {
    const [question, paraphrase, unrelated] = await provider.embed(
      ['How do I reset my card PIN?', 'I forgot the PIN code for my card', 'What interest do savings accounts pay?'],
      'query',
    );
    expect(cosine(question, paraphrase)).toBeGreaterThan(cosine(question, unrelated) + 0.2);
  });

  it('embeds a batch exactly as one by one', async () => {
    const texts = ['Card PIN reset', 'Dispute a transaction', '', 'Savings interest rates'];
    const batch = await provider.embed(texts, 'passage');
    const single = await Promise.all(texts.map((text) => embedOne(provider, text)));
    expect(batch.map((v) => Array.from(v))).toEqual(single.map((v) => Array.from(v)));
  });

  it('rejects when already aborted', async () => {
    await expect(provider.embed(['text'], 'query', AbortSignal.abort())).rejects.toThrow();
  });
});

/** First 8 non-zero [index, value] pairs for 'How do I reset my card PIN?' at 512 dims. */
const PINNED: Array<[number, number]> = [
  [19, 0.073214],
  [21, -0.073214],
  [66, 0.488095],
  [75, 0.244048],
  [100, -0.146429],
  [104, 0.073214],
  [122, -0.073214],
  [147, -0.073214],
];
