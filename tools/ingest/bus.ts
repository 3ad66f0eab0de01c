import { BusClient } from '@eloquent/bus';
import { Patterns } from '@eloquent/contracts';

/**
 * A bus client for the command-line tools, on the stack named by REDIS_URL and REDIS_PREFIX
 * (the defaults of `npm start`). Resolves once the retrieval service answers, so a stack that
 * is not running fails fast with a clear message instead of a request timeout.
 */
export async function connectBus(name: string, options: { redisUrl?: string; prefix?: string; timeoutMs?: number } = {}): Promise<BusClient> {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = options.prefix ?? process.env.REDIS_PREFIX ?? 'eloquent:';
  const bus = new BusClient({ redisUrl, prefix, name, defaultTimeoutMs: 30_000 });
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    try {
      await bus.request(Patterns.retrievalStats, {}, { timeoutMs: 1_000 });
      return bus;
    } catch (error) {
      if (Date.now() > deadline) {
        await bus.close();
        throw new Error(
          `the retrieval service does not answer on ${redisUrl} (prefix ${prefix}): is the stack running (npm start)? ${(error as Error).message}`,
        );
      }
    }
  }
}
