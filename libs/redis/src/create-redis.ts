import Redis, { type RedisOptions } from 'ioredis';

/**
 * Every Redis connection in Eloquent is made here, so all share the same timeouts:
 * a command never waits forever for a server that is gone.
 *
 * Without ioredis's auto-pipelining: it defers every command to the next event-loop turn to
 * batch it with others, and on the answer path, where most commands go alone, that turn and
 * the pipeline built for one command cost more than the batching saved — measured per lone
 * command (`npm run bench:round-trip`) and on the whole keyless path at 50 and 200 chats
 * (docs/performance.md §5, cut 23).
 */
export function createRedis(url: string, name: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: name,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 3,
    ...options,
  });
}

/** A connection for blocking reads (XREAD BLOCK): no per-command retry limit. */
export function createBlockingRedis(url: string, name: string): Redis {
  return createRedis(url, name, { maxRetriesPerRequest: null });
}
