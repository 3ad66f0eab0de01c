import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type RateLimitSpec } from '@eloquent/config';
import { AppError } from '@eloquent/contracts';
import { counter } from '@eloquent/observability';
import { REDIS, REDIS_PREFIX } from '@eloquent/redis';
import type Redis from 'ioredis';
import type { GatewayConfig } from '../config';
import type { Identity } from '../identity/anonymous-session';
import { CHARGE_SCRIPT, CHECK_SCRIPT } from './rate-limit.lua';

/** The rate-limit tiers of docs/architecture.md §7: one global, one per signed-in user, two for anonymous visitors (their session and their IP, both must allow) and two for the LLM (questions and output tokens). */
export type RateLimitTier = 'global' | 'user' | 'anon' | 'ip' | 'llm-messages' | 'llm-tokens';

/** Where a request stands in its tightest tier, for the `X-RateLimit-*` headers. */
export interface RateLimitStatus {
  tier: RateLimitTier;
  limit: number;
  remaining: number;
  resetMs: number;
}

interface TierCheck {
  tier: RateLimitTier;
  spec: RateLimitSpec;
  key: string;
  cost: number;
  need: number;
}

type LimitedRedis = Redis & {
  eloquentRateCheck(keyCount: number, ...keysAndArgs: Array<string | number>): Promise<number[]>;
  eloquentRateCharge(key: string, units: number, windowMs: number): Promise<number>;
};

const refused = counter({
  name: 'eloquent_gateway_rate_limited_total',
  help: 'Requests and socket events refused by a rate limit, by tier',
  labelNames: ['tier'],
});
const failures = counter({
  name: 'eloquent_gateway_rate_limiter_failures_total',
  help: 'Rate limit checks that could not reach Redis in time (the request was let through)',
});

/**
 * Atomic, Redis-backed rate limits shared by every gateway replica. A request is checked
 * against all its tiers in one Lua call; a refusal is an `AppError('RATE_LIMITED')` whose
 * details carry the tier, limit and `retryAfterMs`, which each transport turns into its
 * own form (HTTP 429 + Retry-After, socket `chat:error`).
 */
@Injectable()
export class RateLimiter implements OnModuleInit {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis: LimitedRedis;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {
    redis.defineCommand('eloquentRateCheck', { lua: CHECK_SCRIPT });
    redis.defineCommand('eloquentRateCharge', { numberOfKeys: 1, lua: CHARGE_SCRIPT });
    this.redis = redis as LimitedRedis;
  }

  /** Loads both scripts at boot, so no first request pays the NOSCRIPT round trip. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.redis.script('LOAD', CHECK_SCRIPT), this.redis.script('LOAD', CHARGE_SCRIPT)]).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'could not preload the rate-limit scripts; they load on first use'),
    );
  }

  /** Any HTTP request, socket connection or socket event: the global tier, then the caller's. */
  checkRequest(identity: Identity, ip: string): Promise<RateLimitStatus | undefined> {
    return this.check(this.requestTiers(identity, ip));
  }

  /** A question (`chat:send`): the request tiers plus the caller's LLM allowance (messages, and tokens left today). */
  checkQuestion(identity: Identity, ip: string): Promise<RateLimitStatus | undefined> {
    const tiers = this.requestTiers(identity, ip);
    const { RATE_LIMIT_LLM_MESSAGES: messages, RATE_LIMIT_LLM_TOKENS: tokens } = this.config;
    if (messages) tiers.push({ tier: 'llm-messages', spec: messages, key: this.key('llm-messages', identity.userId), cost: 1, need: 1 });
    if (tokens) tiers.push({ tier: 'llm-tokens', spec: tokens, key: this.key('llm-tokens', identity.userId), cost: 0, need: 1 });
    return this.check(tiers);
  }

  /** Charges an answer's output tokens (from its `done` event) to the user's daily allowance. */
  async chargeOutputTokens(userId: string, tokens: number): Promise<void> {
    const spec = this.config.RATE_LIMIT_LLM_TOKENS;
    if (!spec || tokens <= 0) return;
    await this.redis.eloquentRateCharge(this.key('llm-tokens', userId), Math.ceil(tokens), spec.windowMs);
  }

  private requestTiers(identity: Identity, ip: string): TierCheck[] {
    const { RATE_LIMIT_GLOBAL: global, RATE_LIMIT_USER: user, RATE_LIMIT_ANON: anon, RATE_LIMIT_ANON_IP: perIp } = this.config;
    const tiers: TierCheck[] = [];
    const add = (tier: RateLimitTier, spec: RateLimitSpec | null, subject: string) => {
      if (spec) tiers.push({ tier, spec, key: this.key(tier, subject), cost: 1, need: 1 });
    };
    add('global', global, 'all');
    if (identity.anonymous) {
      add('anon', anon, identity.anonymousId ?? identity.userId);
      add('ip', perIp, ip);
    } else {
      add('user', user, identity.userId);
    }
    return tiers;
  }

  private key(tier: RateLimitTier, subject: string): string {
    return `${this.prefix}ratelimit:${tier}:${subject}`;
  }

  /** Resolves with the tightest tier's status when allowed; throws RATE_LIMITED when not. */
  private async check(tiers: TierCheck[]): Promise<RateLimitStatus | undefined> {
    if (tiers.length === 0) return undefined;
    const args = tiers.flatMap((t) => [t.spec.limit, t.spec.windowMs, t.cost, t.need]);
    let reply: number[];
    try {
      reply = await this.withTimeout(this.redis.eloquentRateCheck(tiers.length, ...tiers.map((t) => t.key), ...args));
    } catch (error) {
      // Redis is also the bus: when it is gone, nothing works anyway; refusing here would only add a second error.
      failures.inc();
      this.logger.warn({ err: error }, 'rate limit check failed; letting the request through');
      return undefined;
    }
    if (reply[0] === 0) {
      const tier = tiers[reply[1] - 1];
      const retryAfterMs = Math.max(1, reply[2]);
      refused.inc({ tier: tier.tier });
      throw new AppError(
        'RATE_LIMITED',
        `Too many requests (${tier.tier} limit: ${tier.spec.limit} per ${describeWindow(tier.spec.windowMs)}); retry in ${Math.ceil(retryAfterMs / 1000)} s`,
        429,
        {
          tier: tier.tier,
          limit: tier.spec.limit,
          retryAfterMs,
        },
      );
    }
    let tightest: RateLimitStatus | undefined;
    tiers.forEach((t, i) => {
      const status: RateLimitStatus = { tier: t.tier, limit: t.spec.limit, remaining: Math.max(0, reply[1 + i * 2]), resetMs: reply[2 + i * 2] };
      if (!tightest || status.remaining < tightest.remaining) tightest = status;
    });
    return tightest;
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Redis within ${this.config.RATE_LIMIT_TIMEOUT_MS} ms`)), this.config.RATE_LIMIT_TIMEOUT_MS);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

function describeWindow(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
