import { createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** Issuer and authorized party the default test claims use (configure the gateway with them). */
export const TEST_CLERK_ISSUER = 'https://clerk.eloquent.test';
export const TEST_CLERK_PARTY = 'http://localhost:3000';

export interface SignOptions {
  /** Seconds from now; negative = already expired. Default 60 (Clerk's session token lifetime). */
  expiresIn?: number;
  /** Seconds from now before which the token is not valid. Default -5. */
  notBefore?: number;
  /** Replaces the standard header fields (alg, typ, kid). */
  header?: Record<string, unknown>;
}

/**
 * Signs Clerk-shaped session JWTs (RS256) with an RSA key made for the test, so auth is
 * tested against `@clerk/backend`'s real verification without Clerk: give the gateway
 * `publicKeyPem` as CLERK_JWT_KEY (networkless), or serve `jwks` as Clerk's `/v1/jwks`.
 */
export class TestTokenSigner {
  readonly kid = `ins_test_${randomBytes(4).toString('hex')}`;
  readonly publicKeyPem: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    // 2048-bit with e=65537: the only PEM shape Clerk's networkless path understands.
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** A gateway's settings that verify this signer's tokens networklessly, for the test issuer and party. */
  get gatewayEnv(): Record<string, string> {
    return { CLERK_JWT_KEY: this.publicKeyPem, CLERK_ISSUER: TEST_CLERK_ISSUER, CLERK_AUTHORIZED_PARTIES: TEST_CLERK_PARTY };
  }

  /** The public key as Clerk's Backend API serves it (`GET /v1/jwks`). */
  get jwks(): { keys: Array<Record<string, unknown>> } {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }

  /** A session token for `userId` with Clerk's standard claims, plus `claims`. */
  token(userId: string, claims: Record<string, unknown> = {}, options: SignOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      sub: userId,
      sid: `sess_${randomBytes(6).toString('hex')}`,
      iss: TEST_CLERK_ISSUER,
      azp: TEST_CLERK_PARTY,
      iat: now,
      nbf: now + (options.notBefore ?? -5),
      exp: now + (options.expiresIn ?? 60),
      ...claims,
    };
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid, ...options.header };
    const body = `${encode(header)}.${encode(payload)}`;
    return `${body}.${sign('sha256', Buffer.from(body), this.privateKey).toString('base64url')}`;
  }

  /** The same claims with `alg: none` and no signature. */
  unsigned(userId: string, claims: Record<string, unknown> = {}): string {
    const [, payload] = this.token(userId, claims).split('.');
    return `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`;
  }

  /** HS256 with the public key as the HMAC secret (the classic algorithm-confusion forgery). */
  hmacForgery(userId: string, claims: Record<string, unknown> = {}): string {
    const [, payload] = this.token(userId, claims).split('.');
    const body = `${encode({ alg: 'HS256', typ: 'JWT', kid: this.kid })}.${payload}`;
    return `${body}.${createHmac('sha256', this.publicKeyPem).update(body).digest('base64url')}`;
  }
}

/** A validly signed token whose payload was then edited (here: to another user): the signature no longer matches. */
export function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  return `${header}.${encode({ ...claims, ...changes })}.${signature}`;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
