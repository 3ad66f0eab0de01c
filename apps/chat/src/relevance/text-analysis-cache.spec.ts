import { RecentlyUsedCache, termsOf } from './text-analysis-cache';

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

describe('termsOf', () => {
  it('returns the same analyzed set for the same text', () => {
    const terms = termsOf('Freezing your cards');
    expect(termsOf('Freezing your cards')).toBe(terms);
    expect(terms.size).toBeGreaterThan(0);
  });
});
