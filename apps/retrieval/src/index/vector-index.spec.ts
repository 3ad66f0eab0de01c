import { ExactVectorIndex } from './vector-index';

const vec = (...values: number[]) => Float32Array.from(values);

function normalised(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values.map((v) => v / norm));
}

describe('ExactVectorIndex', () => {
  function threeVectors(): ExactVectorIndex {
    const index = new ExactVectorIndex(3);
    index.add('a', vec(1, 0, 0));
    index.add('b', vec(0.6, 0.8, 0));
    index.add('c', vec(0, 0, 1));
    return index;
  }

  it('returns the top K by dot product', () => {
    // Query (0.8, 0.6, 0): a → 0.8, b → 0.48 + 0.48 = 0.96, c → 0.
    const hits = threeVectors().search(vec(0.8, 0.6, 0), 2);
    expect(hits.map((h) => h.id)).toEqual(['b', 'a']);
    expect(hits[0].score).toBeCloseTo(0.96, 6);
    expect(hits[1].score).toBeCloseTo(0.8, 6);
  });

  it('replaces the vector of an existing id', () => {
    const index = threeVectors();
    index.add('c', vec(0.8, 0.6, 0));
    expect(index.size).toBe(3);
    expect(index.search(vec(0.8, 0.6, 0), 1)).toEqual([{ id: 'c', score: expect.closeTo(1, 6) }]);
  });

  it('removes vectors and reuses their slots', () => {
    const index = new ExactVectorIndex(2);
    for (let i = 0; i < 64; i++) index.add(`v${i}`, normalised([1, i]));
    const capacity = index['data'].length;
    index.remove('v10');
    index.remove('v10');
    index.add('new', vec(0, 1));
    expect(index.size).toBe(64);
    expect(index['data'].length).toBe(capacity);
    const ids = index.search(vec(0, 1), 64).map((h) => h.id);
    expect(ids[0]).toBe('new');
    expect(ids).not.toContain('v10');
  });

  it('applies the accept filter', () => {
    expect(
      threeVectors()
        .search(vec(0.8, 0.6, 0), 2, (id) => id !== 'b')
        .map((h) => h.id),
    ).toEqual(['a', 'c']);
  });

  it('matches a brute-force ranking as it grows', () => {
    const dims = 7;
    const index = new ExactVectorIndex(dims);
    const vectors = new Map<string, Float32Array>();
    for (let i = 0; i < 300; i++) {
      const v = normalised(Array.from({ length: dims }, () => Math.random() - 0.5));
      vectors.set(`id${i}`, v);
      index.add(`id${i}`, v);
    }
    const query = normalised(Array.from({ length: dims }, () => Math.random() - 0.5));
    const expected = [...vectors]
      .map(([id, v]) => ({ id, score: v.reduce((sum, x, d) => sum + x * query[d], 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    const hits = index.search(query, 10);
    expect(hits.map((h) => h.id)).toEqual(expected.map((h) => h.id));
    hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i].score, 5));
  });

  it('rejects vectors of the wrong dimension', () => {
    const index = new ExactVectorIndex(3);
    expect(() => index.add('x', vec(1, 0))).toThrow(RangeError);
    expect(() => index.search(vec(1, 0, 0, 0), 1)).toThrow(RangeError);
    expect(() => new ExactVectorIndex(0)).toThrow(RangeError);
  });
});
