import { AppError } from '@eloquent/contracts';
import { createRedis } from '@eloquent/redis';
import { createTestRedisPrefix, RATE_LIMITS_OFF, TEST_REDIS_URL, waitFor } from '@eloquent/testing';
import type Redis from 'ioredis';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { loadGatewayConfig } from '../src/config';
import { anonymousIdentity, type Identity } from '../src/identity/anonymous-session';
import { RateLimiter } from '../src/rate-limits/rate-limiter';

/** The limiter against the real Redis; two instances stand for two gateway replicas. */
describe('RateLimiter (Redis + Lua)', () => {
  const redis = createTestRedisPrefix('ratelimit');
  const connections: Redis[] = [];

  const limiters = (env: NodeJS.ProcessEnv): [RateLimiter, RateLimiter] => {
    const config = loadGatewayConfig({
      REDIS_PREFIX: `${redis.prefix}${Math.random().toString(36).slice(2, 8)}:`,
      ...RATE_LIMITS_OFF,
      ...env,
    });
    const make = () => {
      const connection = createRedis(TEST_REDIS_URL, 'test-rate-limiter');
      connections.push(connection);
      return new RateLimiter(connection, config.REDIS_PREFIX, config);
    };
    return [make(), make()];
  };

  const user = (id: string): Identity => ({ userId: id, anonymous: false, admin: false });
  const anon = () => anonymousIdentity(crypto.randomUUID());

  /** Fires `count` checks at once, alternating between the two replicas; resolves with the tiers that refused (undefined = allowed). */
  const burst = async (pair: [RateLimiter, RateLimiter], count: number, check: (limiter: RateLimiter, i: number) => Promise<unknown>) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        check(pair[i % 2], i).then(
          () => undefined,
          (error: AppError) => (error.details as { tier: string }).tier,
        ),
      ),
    );

  afterAll(async () => {
    connections.forEach((c) => c.disconnect());
    await redis.cleanup();
  });

  it.each([
    ['global', { RATE_LIMIT_GLOBAL: '25/1m' }, (l: RateLimiter, i: number) => l.checkRequest(i % 3 ? user(`user_${i}`) : anon(), `10.0.0.${i}`)],
    ['user', { RATE_LIMIT_USER: '25/1m' }, (l: RateLimiter) => l.checkRequest(user('user_same'), '10.0.0.1')],
    [
      'anon',
      { RATE_LIMIT_ANON: '25/1m' },
      (() => {
        const visitor = anon();
        return (l: RateLimiter, i: number) => l.checkRequest(visitor, `10.1.0.${i}`);
      })(),
    ],
    ['ip', { RATE_LIMIT_ANON_IP: '25/1m' }, (l: RateLimiter) => l.checkRequest(anon(), '203.0.113.7')],
    ['llm-messages', { RATE_LIMIT_LLM_MESSAGES: '25/1m' }, (l: RateLimiter) => l.checkQuestion(user('user_asker'), '10.0.0.1')],
  ] as const)('%s tier: of 40 concurrent requests over two replicas, exactly 25 pass and 15 are refused by it', async (tier, env, check) => {
    const results = await burst(limiters(env), 40, check);
    expect(results.filter((r) => r === undefined)).toHaveLength(25);
    expect(results.filter((r) => r === tier)).toHaveLength(15);
  });

  it('refuses with the tier, the limit and how long to wait', async () => {
    const [a, b] = limiters({ RATE_LIMIT_USER: '2/1m' });
    await a.checkRequest(user('user_w'), '1.1.1.1');
    const status = await b.checkRequest(user('user_w'), '1.1.1.1');
    expect(status).toEqual({ tier: 'user', limit: 2, remaining: 0, resetMs: expect.any(Number) });
    const error = await a.checkRequest(user('user_w'), '1.1.1.1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, details: { tier: 'user', limit: 2, retryAfterMs: expect.any(Number) } });
    const { retryAfterMs } = (error as AppError).details as { retryAfterMs: number };
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('reports the tightest tier while allowing', async () => {
    const [a] = limiters({ RATE_LIMIT_GLOBAL: '1000/1m', RATE_LIMIT_ANON: '5/1m', RATE_LIMIT_ANON_IP: '50/1m' });
    await expect(a.checkRequest(anon(), '1.2.3.4')).resolves.toMatchObject({ tier: 'anon', limit: 5, remaining: 4 });
  });

  it('a refusal costs nothing in the other tiers', async () => {
    const [a] = limiters({ RATE_LIMIT_GLOBAL: '10/1m', RATE_LIMIT_USER: '2/1m' });
    const greedy = user('user_greedy');
    await burst([a, a], 8, (l) => l.checkRequest(greedy, '1.1.1.1')); // 2 pass, 6 refused by the user tier
    const others = await burst([a, a], 10, (l, i) => l.checkRequest(user(`user_other_${i}`), '1.1.1.1'));
    expect(others.filter((r) => r === undefined)).toHaveLength(8); // global: 10 - the 2 that passed
    expect(others.filter((r) => r === 'global')).toHaveLength(2);
  });

  it('refuses questions once the day’s output tokens are spent, and only then', async () => {
    const [a, b] = limiters({ RATE_LIMIT_LLM_TOKENS: '1000/1d' });
    const asker = user('user_tokens');
    await a.chargeOutputTokens(asker.userId, 600);
    await expect(b.checkQuestion(asker, '1.1.1.1')).resolves.toMatchObject({ tier: 'llm-tokens', remaining: 400 });
    await b.chargeOutputTokens(asker.userId, 399);
    await expect(a.checkQuestion(asker, '1.1.1.1')).resolves.toMatchObject({ remaining: 1 });
    await a.chargeOutputTokens(asker.userId, 1);
    await expect(b.checkQuestion(asker, '1.1.1.1')).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { tier: 'llm-tokens', limit: 1000 } });
    // Plain requests are not LLM requests.
    await expect(b.checkRequest(asker, '1.1.1.1')).resolves.toBeUndefined();
    await expect(a.checkQuestion(user('user_fresh'), '1.1.1.1')).resolves.toMatchObject({ remaining: 1000 });
  });

  it('opens again when the window has passed', async () => {
    const [a, b] = limiters({ RATE_LIMIT_USER: '3/400ms' });
    const caller = user('user_window');
    const first = await burst([a, b], 5, (l) => l.checkRequest(caller, '1.1.1.1'));
    expect(first.filter((r) => r === undefined)).toHaveLength(3);
    const refusal = (await a.checkRequest(caller, '1.1.1.1').catch((e: AppError) => e)) as AppError;
    expect((refusal.details as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(400);
    await waitFor('the window to pass', () => b.checkRequest(caller, '1.1.1.1').then(() => true), 5_000, 50);
    // A fresh window: the probe that got through was its first unit, so two more pass.
    const second = await burst([a, b], 4, (l) => l.checkRequest(caller, '1.1.1.1'));
    expect(second.filter((r) => r === undefined)).toHaveLength(2);
  });

  it('keeps every key under REDIS_PREFIX, each with an expiry', async () => {
    const prefix = `${redis.prefix}keys:`;
    const config = loadGatewayConfig({ REDIS_PREFIX: prefix });
    const connection = createRedis(TEST_REDIS_URL, 'test-rate-limiter');
    connections.push(connection);
    const limiter = new RateLimiter(connection, prefix, config);
    await limiter.checkRequest(anon(), '9.9.9.9');
    await limiter.checkQuestion(user('user_keys'), '9.9.9.9');
    await limiter.chargeOutputTokens('user_keys', 10);
    const keys = await connection.keys(`${prefix}*`);
    expect(keys.sort()).toEqual(
      [
        `${prefix}ratelimit:anon:${keys.find((k) => k.includes(':anon:'))!.split(':anon:')[1]}`,
        `${prefix}ratelimit:global:all`,
        `${prefix}ratelimit:ip:9.9.9.9`,
        `${prefix}ratelimit:llm-messages:user_keys`,
        `${prefix}ratelimit:llm-tokens:user_keys`,
        `${prefix}ratelimit:user:user_keys`,
      ].sort(),
    );
    for (const key of keys) expect(await connection.pttl(key)).toBeGreaterThan(0);
  });

  it('lets requests through when Redis does not answer in time (Redis is the bus too: failing here adds nothing)', async () => {
    // A server that accepts connections and never answers.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const hung = createRedis(`redis://127.0.0.1:${(silent.address() as AddressInfo).port}`, 'test-hung', {
      enableReadyCheck: false,
      retryStrategy: () => null,
    });
    try {
      const limiter = new RateLimiter(hung, 'x:', loadGatewayConfig({ RATE_LIMIT_TIMEOUT_MS: '100' }));
      await expect(limiter.checkRequest(user('user_a'), '1.1.1.1')).resolves.toBeUndefined();
    } finally {
      hung.disconnect();
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
