import { withTimings } from './search.service';

describe('withTimings', () => {
  it('adds the request’s timings to a cached response’s JSON text', () => {
    const json = JSON.stringify({ chunks: [{ text: 'a } brace' }], legs: ['bm25'] });
    expect(JSON.parse(withTimings(json, { cache: 1, total: 1 }))).toEqual({
      chunks: [{ text: 'a } brace' }],
      legs: ['bm25'],
      timingsMs: { cache: 1, total: 1 },
    });
  });

  it('replaces timings an entry was cached with', () => {
    const json = JSON.stringify({ chunks: [], legs: [], timingsMs: { total: 9 } });
    expect(JSON.parse(withTimings(json, { total: 1 })).timingsMs).toEqual({ total: 1 });
  });
});
