import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  number: (fallback: number) => z.coerce.number().default(fallback),
  bool: (fallback: boolean) => bool.default(fallback),
  url: (fallback?: string) => (fallback === undefined ? z.string().url() : z.string().url().default(fallback)),
  /**
   * Where Redis is: a `redis://` or `rediss://` URL, or the absolute path of its Unix socket
   * (ioredis's own forms), for a Redis that listens on no TCP port (docs/deployment.md, "One
   * host: Unix sockets"; measured, it saves no CPU to speak of).
   */
  redis: (fallback: string) =>
    z
      .string()
      .refine((value) => (/^rediss?:\/\//.test(value) && URL.canParse(value) && new URL(value).hostname !== '') || /^\/[^?]+/.test(value), {
        message: 'must be a redis:// or rediss:// URL, or the absolute path of a Unix socket',
      })
      .default(fallback),
};

/** Settings every service shares. */
export const CommonEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: env.redis('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key this deployment uses, so several can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]*$/)
    .default('eloquent:'),
  /** Default timeout of a request over the bus. */
  BUS_TIMEOUT_MS: env.positiveInt(15_000),
  /** How long SIGTERM waits for in-flight work before exiting. */
  SHUTDOWN_GRACE_MS: env.positiveInt(10_000),
});
export type CommonEnv = z.infer<typeof CommonEnvSchema>;

export const DatabaseEnvSchema = z.object({
  DATABASE_URL: env.url('postgres://postgres@127.0.0.1:5432/eloquent'),
  DATABASE_POOL_SIZE: env.positiveInt(10),
});
