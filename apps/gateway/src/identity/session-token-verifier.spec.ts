import { AppError } from '@eloquent/contracts';
import { TEST_CLERK_ISSUER, TEST_CLERK_PARTY, TestTokenSigner, tamper } from '@eloquent/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGatewayConfig } from '../config';
import { SessionTokenVerifier } from './session-token-verifier';

/** Real `@clerk/backend` verification against tokens signed with a key made here. */
describe('SessionTokenVerifier', () => {
  const signer = new TestTokenSigner();
  const verifier = (env: NodeJS.ProcessEnv = {}) =>
    new SessionTokenVerifier(
      loadGatewayConfig({
        CLERK_JWT_KEY: signer.publicKeyPem,
        CLERK_ISSUER: TEST_CLERK_ISSUER,
        CLERK_AUTHORIZED_PARTIES: `${TEST_CLERK_PARTY},https://app.example`,
        ...env,
      }),
    );

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    const { code, status, details } = error as AppError;
    return { code, status, reason: (details as { reason?: string }).reason };
  };

  it('accepts a valid session token and names the user', async () => {
    await expect(verifier().verify(signer.token('user_alice'))).resolves.toEqual({ userId: 'user_alice', anonymous: false, admin: false });
  });

  it('reads the admin role from the configured claim', async () => {
    const v = verifier({ CLERK_ADMIN_CLAIM: 'metadata.role', CLERK_ADMIN_VALUE: 'admin' });
    await expect(v.verify(signer.token('user_root', { metadata: { role: 'admin' } }))).resolves.toMatchObject({ admin: true });
    await expect(v.verify(signer.token('user_bob', { metadata: { role: 'member' } }))).resolves.toMatchObject({ admin: false });
    const roles = verifier({ CLERK_ADMIN_CLAIM: 'roles', CLERK_ADMIN_VALUE: 'support-admin' });
    await expect(roles.verify(signer.token('user_carol', { roles: ['agent', 'support-admin'] }))).resolves.toMatchObject({ admin: true });
  });

  it.each([
    ['expired', () => signer.token('user_a', {}, { expiresIn: -60 }), 'TOKEN_EXPIRED', 'token-expired'],
    ['not yet valid', () => signer.token('user_a', {}, { notBefore: 120 }), 'TOKEN_INVALID', 'token-not-active-yet'],
    ['from another issuer', () => signer.token('user_a', { iss: 'https://clerk.attacker.example' }), 'TOKEN_INVALID', 'token-invalid-issuer'],
    ['for another authorized party', () => signer.token('user_a', { azp: 'https://evil.example' }), 'TOKEN_INVALID', 'token-invalid-authorized-parties'],
    ['tampered with', () => tamper(signer.token('user_a'), { sub: 'user_admin' }), 'TOKEN_INVALID', 'token-invalid-signature'],
    ['unsigned (alg: none)', () => signer.unsigned('user_a'), 'TOKEN_INVALID', 'token-invalid-algorithm'],
    ['HMAC-signed with the public key', () => signer.hmacForgery('user_a'), 'TOKEN_INVALID', 'token-invalid-algorithm'],
    ['signed by another key', () => new TestTokenSigner().token('user_a'), 'TOKEN_INVALID', 'token-invalid-signature'],
    ['not a JWT', () => 'not-a-jwt', 'TOKEN_INVALID', 'token-invalid'],
    ['empty', () => '', 'TOKEN_INVALID', 'token-invalid'],
  ])('refuses a token %s with 401 %s', async (_, token, code, reason) => {
    await expect(refusal(verifier().verify(token()))).resolves.toEqual({ code, status: 401, reason });
  });

  it('refuses every token when sign-in is not configured', async () => {
    const v = new SessionTokenVerifier(loadGatewayConfig({}));
    expect(v.configured).toBe(false);
    await expect(refusal(v.verify(signer.token('user_a')))).resolves.toEqual({ code: 'TOKEN_INVALID', status: 401, reason: 'not-configured' });
  });

  describe('without CLERK_JWT_KEY: JWKS from the Backend API', () => {
    let server: Server;
    let apiUrl: string;
    const seen: Array<string | undefined> = [];
    let slowMs = 0;

    beforeAll(async () => {
      // Speaks Clerk's Backend API: GET /v1/jwks with the secret key as bearer.
      server = createServer((req, res) => {
        seen.push(req.headers.authorization);
        res.setHeader('content-type', 'application/json');
        if (!req.url?.endsWith('/v1/jwks')) return res.writeHead(404).end('{}');
        if (req.headers.authorization !== 'Bearer sk_test_gateway') {
          return res.writeHead(401).end(JSON.stringify({ errors: [{ code: 'authentication_invalid', message: 'bad key' }] }));
        }
        setTimeout(() => res.end(JSON.stringify(signer.jwks)), slowMs);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const jwksVerifier = (env: NodeJS.ProcessEnv = {}) =>
      new SessionTokenVerifier(loadGatewayConfig({ CLERK_SECRET_KEY: 'sk_test_gateway', CLERK_API_URL: apiUrl, CLERK_ISSUER: TEST_CLERK_ISSUER, ...env }));

    it('fetches the key set once and verifies with it', async () => {
      const v = jwksVerifier();
      await expect(v.verify(signer.token('user_jwks'))).resolves.toMatchObject({ userId: 'user_jwks' });
      await expect(v.verify(signer.token('user_jwks_2'))).resolves.toMatchObject({ userId: 'user_jwks_2' });
      expect(seen).toEqual(['Bearer sk_test_gateway']);
      await expect(refusal(v.verify(tamper(signer.token('user_jwks'), { sub: 'user_x' })))).resolves.toMatchObject({ code: 'TOKEN_INVALID' });
    });

    it('refuses a token whose key id is not in the key set', async () => {
      const stranger = new TestTokenSigner();
      await expect(refusal(jwksVerifier().verify(stranger.token('user_a')))).resolves.toEqual({
        code: 'TOKEN_INVALID',
        status: 401,
        reason: 'jwk-kid-mismatch',
      });
    });

    it('answers 503, not 401, when the key set cannot be loaded in time', async () => {
      slowMs = 1_000;
      try {
        // A fresh cache entry (another API URL), so the key set must be fetched.
        const v = jwksVerifier({ CLERK_API_URL: `${apiUrl}/slow`, CLERK_TIMEOUT_MS: '200' });
        await expect(refusal(v.verify(signer.token('user_a')))).resolves.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
      } finally {
        slowMs = 0;
      }
    });
  });
});
