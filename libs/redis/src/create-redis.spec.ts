import { createBlockingRedis, createRedis } from './create-redis';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('createRedis', () => {
  const made: Array<ReturnType<typeof createRedis>> = [];
  afterEach(() => made.splice(0).forEach((redis) => redis.disconnect()));
  const make = (create: typeof createRedis, options = {}) => {
    const redis = create(REDIS_URL, 'spec', { lazyConnect: true, ...options });
    made.push(redis);
    return redis;
  };

  it('names the connection, bounds connecting and retries, and sends each command at once (no auto-pipelining: docs/performance.md, cut 23)', () => {
    const { options } = make(createRedis);
    expect(options.connectionName).toBe('spec');
    expect(options.connectTimeout).toBe(5_000);
    expect(options.maxRetriesPerRequest).toBe(3);
    expect(options.enableAutoPipelining).toBe(false);
  });

  it('lets a caller override a default', () => {
    expect(make(createRedis, { maxRetriesPerRequest: 1 }).options.maxRetriesPerRequest).toBe(1);
  });

  it('makes blocking-read connections that retry a command for as long as the connection does', () => {
    const redis = createBlockingRedis(REDIS_URL, 'spec-blocking');
    made.push(redis);
    expect(redis.options.maxRetriesPerRequest).toBeNull();
    expect(redis.options.enableAutoPipelining).toBe(false);
  });
});
