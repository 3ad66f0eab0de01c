import Redis, { type RedisOptions } from 'ioredis';

/**
 * Every Redis connection in Eloquent is made here, so all share the same timeouts:
 * a command never waits forever for a server that is gone.
 */
export function createRedis(url: string, name: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: name,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 3,
    enableAutoPipelining: true,
    ...options,
  });
}

/** A connection for blocking reads (XREAD BLOCK): no per-command retry limit or pipelining. */
export function createBlockingRedis(url: string, name: string): Redis {
  return createRedis(url, name, { maxRetriesPerRequest: null, enableAutoPipelining: false });
}
