import { CommonEnvSchema, env, loadConfig } from '@eloquent/config';
import { z } from 'zod';

const DEV_COOKIE_SECRET = 'eloquent-dev-cookie-secret-change-me';

export const GatewayConfigSchema = CommonEnvSchema.extend({
  PORT: env.port(3000),
  /** Signs the anonymous-session cookie. Required in production. */
  COOKIE_SECRET: z.string().min(32, 'COOKIE_SECRET must be at least 32 characters').default(DEV_COOKIE_SECRET),
  /** Send the cookie with `Secure` (HTTPS only). Defaults to on in production. */
  COOKIE_SECURE: env.bool(false),
  /** Key for admin routes (documents, search) in the `x-admin-key` header; unset = admin routes closed. */
  ADMIN_API_KEY: z.string().min(16, 'ADMIN_API_KEY must be at least 16 characters').optional(),
  /** Comma-separated origins allowed by CORS and the socket.io handshake; empty = same origin only. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /**
   * Largest socket.io message and HTTP JSON body accepted, in bytes. Above the per-field
   * limits (a message is at most 4,000 characters) so that an oversized field gets a clear
   * PAYLOAD_TOO_LARGE instead of a dropped connection.
   */
  MAX_PAYLOAD_BYTES: env.positiveInt(1024 * 1024),
}).superRefine((config, ctx) => {
  if (config.NODE_ENV === 'production' && config.COOKIE_SECRET === DEV_COOKIE_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['COOKIE_SECRET'], message: 'must be set in production (the development default is public)' });
  }
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export const loadGatewayConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig('gateway', GatewayConfigSchema, source);
