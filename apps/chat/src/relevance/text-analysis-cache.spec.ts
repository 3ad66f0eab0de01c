import { PassageMemo, RecentlyUsedCache, termsOf } from './text-analysis-cache';

describe('RecentlyUsedCache', () => {
  const computing = () => {
    const computed: string[] = [];
    return { computed, compute: (key: string) => (computed.push(key), key.toUpperCase()) };
  };

  it('computes a key once while it is kept', () => {
    const cache = new RecentlyUsedCache<string>(4);
    const { computed, compute } = computing();
    expect([cache.get('a', compute), cache.get('a', compute), cache.get('b', compute), cache.get('a', compute)]).toEqual(['A', 'A', 'B', 'A']);
    expect(computed).toEqual(['a', 'b']);
  });

  it('keeps what was used lately and forgets what was not, holding at most maxEntries', () => {
    const cache = new RecentlyUsedCache<string>(4);
    const { computed, compute } = computing();
    for (const key of ['a', 'b', 'c', 'a', 'd', 'a', 'e', 'f']) cache.get(key, compute);
    computed.length = 0;
    // "a" was used all along; "b" and "c" not since four newer keys came in.
    for (const key of ['a', 'f', 'b', 'c']) cache.get(key, compute);
    expect(computed).toEqual(['b', 'c']);
  });
});

describe('PassageMemo', () => {
  const counting = () => {
    const computed: string[] = [];
    return { computed, compute: (text: string) => (computed.push(text), text.length) };
  };

  it("computes a chunk's value once, found by its id, and always from the passage's own text", () => {
    const memo = new PassageMemo<number>(8);
    const { computed, compute } = counting();
    expect(memo.get({ chunkId: 'c1', text: 'Tap Freeze.' }, compute)).toBe(11);
    // A new string with the same contents, as every search reply brings.
    expect(memo.get({ chunkId: 'c1', text: ['Tap', 'Freeze.'].join(' ') }, compute)).toBe(11);
    expect(computed).toEqual(['Tap Freeze.']);
    // The chunk was re-ingested with another text: its value is that text's, and kept.
    expect(memo.get({ chunkId: 'c1', text: 'Tap Freeze in the app.' }, compute)).toBe(22);
    expect(memo.get({ chunkId: 'c1', text: 'Tap Freeze in the app.' }, compute)).toBe(22);
    expect(computed).toEqual(['Tap Freeze.', 'Tap Freeze in the app.']);
  });

  it('finds a passage without a chunk id by its text', () => {
    const memo = new PassageMemo<number>(8);
    const { computed, compute } = counting();
    memo.get({ text: 'Raise the limit.' }, compute);
    memo.get({ text: 'Raise the limit.' }, compute);
    expect(computed).toEqual(['Raise the limit.']);
  });
});

describe('termsOf', () => {
  it('returns the same analyzed set for the same text', () => {
    const terms = termsOf('Freezing your cards');
    expect(termsOf('Freezing your cards')).toBe(terms);
    expect(terms.size).toBeGreaterThan(0);
  });
});
