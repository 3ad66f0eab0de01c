import { CommonEnvSchema, env, loadConfig, rateLimitSetting } from '@eloquent/config';
import { z } from 'zod';

const DEV_COOKIE_SECRET = 'eloquent-dev-cookie-secret-change-me';

const list = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  );

/** Clerk session tokens (docs/gateway.md, "Authentication"). */
const IdentityEnv = {
  /** Clerk's PEM public key: tokens are verified without a network call. Literal `\n` are read as newlines. */
  CLERK_JWT_KEY: z
    .string()
    .transform((v) => v.replace(/\\n/g, '\n'))
    .optional(),
  /** Without CLERK_JWT_KEY: the secret key that fetches the JWKS from Clerk's Backend API (cached). */
  CLERK_SECRET_KEY: z.string().optional(),
  CLERK_API_URL: env.url('https://api.clerk.com'),
  /** Accepted `azp` claims (your frontend origins), comma-separated; empty = not checked. */
  CLERK_AUTHORIZED_PARTIES: list,
  /** Accepted `iss` claims (your Clerk Frontend API URL), comma-separated; empty = not checked. */
  CLERK_ISSUER: list,
  /** Dotted path of the claim that carries the role (e.g. `metadata.role` from a session token template). */
  CLERK_ADMIN_CLAIM: z.string().min(1).default('metadata.role'),
  /** The value of that claim (or an element of it, when a list) that grants admin. */
  CLERK_ADMIN_VALUE: z.string().min(1).default('admin'),
  CLERK_CLOCK_SKEW_MS: z.coerce.number().int().min(0).default(5_000),
  /** Bound on a token verification that has to fetch the JWKS. */
  CLERK_TIMEOUT_MS: env.positiveInt(5_000),
  /** Reverse proxies in front of the gateway: the client IP is taken from X-Forwarded-For that many hops back (0 = the socket's peer). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
};

/** Rate limits: `<count>/<window>` (window: ms, s, m, h or d), or `off` (docs/gateway.md, "Rate limits"). */
const RateLimitEnv = {
  /** Every request and socket event of the whole deployment. */
  RATE_LIMIT_GLOBAL: rateLimitSetting('20000/1m'),
  /** Per signed-in user (HTTP requests, socket connections and events). */
  RATE_LIMIT_USER: rateLimitSetting('600/1m'),
  /** Per anonymous session (cookie id). */
  RATE_LIMIT_ANON: rateLimitSetting('120/1m'),
  /** Per client IP, over all its anonymous sessions (so minting cookies does not help). */
  RATE_LIMIT_ANON_IP: rateLimitSetting('600/1m'),
  /** Questions (`chat:send`) per user or anonymous session. */
  RATE_LIMIT_LLM_MESSAGES: rateLimitSetting('10/1m'),
  /** Output tokens of answers per user or anonymous session, counted from each `done` event's usage. */
  RATE_LIMIT_LLM_TOKENS: rateLimitSetting('200000/1d'),
  /** A limiter that cannot reach Redis in this time lets the request through (fail open, logged). */
  RATE_LIMIT_TIMEOUT_MS: env.positiveInt(1_000),
};

export const GatewayConfigSchema = CommonEnvSchema.extend({
  PORT: env.port(3000),
  /** Signs the anonymous-session cookie. Required in production. */
  COOKIE_SECRET: z.string().min(32, 'COOKIE_SECRET must be at least 32 characters').default(DEV_COOKIE_SECRET),
  /** Send the cookie with `Secure` (HTTPS only). Defaults to on in production. */
  COOKIE_SECURE: env.bool(false),
  /**
   * Key for the admin routes (documents and ingest jobs, search, answer review: everything behind
   * AdminGuard) in the `x-admin-key` header; unset = only admin sessions (Clerk) get in.
   */
  ADMIN_API_KEY: z.string().min(16, 'ADMIN_API_KEY must be at least 16 characters').optional(),
  /** Comma-separated origins allowed by CORS and the socket.io handshake; empty = same origin only. */
  CORS_ORIGINS: list,
  /**
   * Largest socket.io message and HTTP JSON body accepted, in bytes. Above the per-field
   * limits (a message is at most 4,000 characters) so that an oversized field gets a clear
   * PAYLOAD_TOO_LARGE instead of a dropped connection.
   */
  MAX_PAYLOAD_BYTES: env.positiveInt(1024 * 1024),
  ...IdentityEnv,
  ...RateLimitEnv,
}).superRefine((config, ctx) => {
  if (config.NODE_ENV === 'production' && config.COOKIE_SECRET === DEV_COOKIE_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['COOKIE_SECRET'], message: 'must be set in production (the development default is public)' });
  }
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export const loadGatewayConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig('gateway', GatewayConfigSchema, source);
