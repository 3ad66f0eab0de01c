import { bearerToken } from './credentials';

describe('bearerToken', () => {
  it('reads the token of a Bearer header, whatever the scheme’s case', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   abc')).toBe('abc');
  });

  it('is an empty token for a Bearer header without one (refused later, not ignored)', () => {
    expect(bearerToken('Bearer')).toBe('');
    expect(bearerToken('Bearer   ')).toBe('');
  });

  it('ignores a missing header and other schemes', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearerabc')).toBeUndefined();
  });
});
