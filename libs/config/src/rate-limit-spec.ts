import { z } from 'zod';

/** One tier's allowance: at most `limit` units per `windowMs`, the window starting at the first unit. */
export interface RateLimitSpec {
  limit: number;
  windowMs: number;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const SPEC = /^(\d+)\s*\/\s*(\d*)\s*(ms|s|m|h|d)$/;

/** `"600/1m"` → `{ limit: 600, windowMs: 60000 }`; `"off"` → null (the tier is not checked). */
export function parseRateLimit(value: string): RateLimitSpec | null {
  const text = value.trim().toLowerCase();
  if (text === 'off') return null;
  const match = SPEC.exec(text);
  if (!match) throw new Error(`"${value}" is not a rate limit: use <count>/<window> such as 600/1m, 10/30s, 200000/1d, or off`);
  const limit = Number(match[1]);
  const windowMs = Number(match[2] || '1') * UNIT_MS[match[3] as keyof typeof UNIT_MS];
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`"${value}": the count must be a positive integer`);
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) throw new Error(`"${value}": the window must be positive`);
  return { limit, windowMs };
}

/** A config field holding a rate limit, validated at boot. */
export function rateLimitSetting(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        return parseRateLimit(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });
}
