import { parseRateLimit } from './rate-limit-spec';

describe('parseRateLimit', () => {
  it.each([
    ['600/1m', { limit: 600, windowMs: 60_000 }],
    ['10/30s', { limit: 10, windowMs: 30_000 }],
    ['200000/1d', { limit: 200_000, windowMs: 86_400_000 }],
    ['5/250ms', { limit: 5, windowMs: 250 }],
    ['3/h', { limit: 3, windowMs: 3_600_000 }],
    [' 7 / 2M ', { limit: 7, windowMs: 120_000 }],
  ])('reads %s', (text, spec) => {
    expect(parseRateLimit(text)).toEqual(spec);
  });

  it('reads off as no limit', () => {
    expect(parseRateLimit('off')).toBeNull();
    expect(parseRateLimit('OFF')).toBeNull();
  });

  it.each(['600', '600/', '/1m', '0/1m', '-1/1m', '1.5/1m', '10/1w', '10/0s', 'ten/1m'])('refuses %s', (text) => {
    expect(() => parseRateLimit(text)).toThrow(/rate limit|positive/);
  });
});
