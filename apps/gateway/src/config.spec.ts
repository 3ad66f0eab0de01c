import { loadGatewayConfig } from './config';

describe('gateway config', () => {
  it('reads rate limits and lists', () => {
    const config = loadGatewayConfig({ RATE_LIMIT_USER: '5/10s', RATE_LIMIT_GLOBAL: 'off', CLERK_AUTHORIZED_PARTIES: 'https://a.example, https://b.example' });
    expect(config.RATE_LIMIT_USER).toEqual({ limit: 5, windowMs: 10_000 });
    expect(config.RATE_LIMIT_GLOBAL).toBeNull();
    expect(config.RATE_LIMIT_LLM_TOKENS).toEqual({ limit: 200_000, windowMs: 86_400_000 });
    expect(config.CLERK_AUTHORIZED_PARTIES).toEqual(['https://a.example', 'https://b.example']);
  });

  it('refuses a malformed rate limit at boot, naming it', () => {
    expect(() => loadGatewayConfig({ RATE_LIMIT_ANON: '100 per minute' })).toThrow(/RATE_LIMIT_ANON/);
  });

  it('accepts a PEM key with escaped newlines (one-line env files)', () => {
    const config = loadGatewayConfig({ CLERK_JWT_KEY: '-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----' });
    expect(config.CLERK_JWT_KEY).toBe('-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----');
  });
});
