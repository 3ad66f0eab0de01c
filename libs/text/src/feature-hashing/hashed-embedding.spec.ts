import { hashedEmbedding, hashedEmbeddingDims, hashedEmbeddingModelId } from './hashed-embedding';

describe('hashed embedding model ids', () => {
  it('round-trips the dimension through the model id', () => {
    expect(hashedEmbeddingModelId(512)).toBe('eloquent-hash-v1-512');
    expect(hashedEmbeddingDims(hashedEmbeddingModelId(512))).toBe(512);
    expect(hashedEmbeddingDims(hashedEmbeddingModelId(7))).toBe(7);
  });

  it('does not claim other models or malformed ids', () => {
    for (const id of [
      'text-embedding-3-small',
      'text-embedding-3-small@512',
      'eloquent-hash-v2-512',
      'eloquent-hash-v1-',
      'eloquent-hash-v1-0',
      'eloquent-hash-v1-012',
      'eloquent-hash-v1-512x',
      'eloquent-hash-v1-1e3',
    ]) {
      expect(hashedEmbeddingDims(id)).toBeUndefined();
    }
  });

  it('refuses a dimension that is not a positive integer', () => {
    expect(() => hashedEmbeddingModelId(0)).toThrow(RangeError);
    expect(() => hashedEmbeddingModelId(1.5)).toThrow(RangeError);
  });
});

describe('hashedEmbedding', () => {
  it('is a unit vector of the asked dimension, the same for the same text', () => {
    const vector = hashedEmbedding('How do I reset my PIN?', 64);
    expect(vector).toHaveLength(64);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    expect(hashedEmbedding('How do I reset my PIN?', 64)).toEqual(vector);
  });

  it('still gives a unit vector for text without content words', () => {
    expect(Math.hypot(...hashedEmbedding('the of and', 32))).toBeCloseTo(1, 5);
  });
});
