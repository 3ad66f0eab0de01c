import { termIndex, toSparseVector } from './sparse-vector';

describe('sparse vectors for Pinecone', () => {
  it('hashes terms with 32-bit FNV-1a', () => {
    // Reference values of FNV-1a 32: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(termIndex('')).toBe(0x811c9dc5);
    expect(termIndex('a')).toBe(0xe40c292c);
    expect(termIndex('foobar')).toBe(0xbf9cf968);
  });

  it('gives sorted distinct indices with scaled positive weights', () => {
    const sparse = toSparseVector(
      new Map([
        ['foobar', 2],
        ['a', 1],
        ['zero', 0],
      ]),
      0.5,
    );
    expect(sparse).toEqual({ indices: [0xbf9cf968, 0xe40c292c], values: [1, 0.5] });
    expect(toSparseVector(new Map())).toBeUndefined();
  });
});
