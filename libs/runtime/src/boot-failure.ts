import { ConfigError } from '@eloquent/config';
import Redis from 'ioredis';
import { Client } from 'pg';

/** Why a service could not start: the setting to fix and the address it tried. */
export interface BootFailure {
  msg: string;
  setting?: string;
  address?: string;
  problems?: string[];
}

/** host:port of a URL, never its password. */
export function addressOf(url: string): string {
  // A Unix socket (REDIS_URL may name one; libs/config): its path, without query.
  if (url.startsWith('/')) return url.split('?')[0];
  try {
    const parsed = new URL(url);
    const port =
      parsed.port || ({ 'postgres:': '5432', 'postgresql:': '5432', 'redis:': '6379', 'rediss:': '6379' } as Record<string, string>)[parsed.protocol] || '';
    return `${parsed.hostname}${port ? `:${port}` : ''}`;
  } catch {
    return '(not a URL)';
  }
}

const reason = (error: unknown): string => {
  if (error instanceof AggregateError && error.errors.length) return reason(error.errors[0]);
  return error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
};

/**
 * Connects once to the Postgres and Redis the configuration names (each within `timeoutMs`),
 * before Nest starts, so an unreachable one fails the boot with the setting and the address
 * instead of a framework stack trace.
 */
export async function checkConnections(
  service: string,
  config: { DATABASE_URL?: string; REDIS_URL?: string },
  timeoutMs = 5_000,
): Promise<BootFailure | undefined> {
  if (config.DATABASE_URL) {
    const client = new Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: timeoutMs });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      const address = addressOf(config.DATABASE_URL);
      return { msg: `${service} cannot start: Postgres at ${address} (DATABASE_URL) refused or failed: ${reason(error)}`, setting: 'DATABASE_URL', address };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (config.REDIS_URL) {
    const redis = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    let socketError: unknown;
    redis.on('error', (error) => (socketError ??= error));
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      const address = addressOf(config.REDIS_URL);
      return {
        msg: `${service} cannot start: Redis at ${address} (REDIS_URL) refused or failed: ${reason(socketError ?? error)}`,
        setting: 'REDIS_URL',
        address,
      };
    } finally {
      // disconnect() on an ended connection (a failed connect) would leave a reconnect timer.
      if (redis.status !== 'end') redis.disconnect();
    }
  }
  return undefined;
}

/** A boot error as a BootFailure: configuration errors name their settings. */
export function describeBootError(service: string, error: unknown): BootFailure {
  if (error instanceof ConfigError) {
    return { msg: error.message, setting: error.problems.map((p) => p.split(':')[0]).join(', '), problems: error.problems };
  }
  return { msg: `${service} failed to start: ${reason(error)}` };
}

/** One JSON line (pino's shape, level 60 = fatal) on stderr. */
export function logBootFailure(service: string, failure: BootFailure): void {
  process.stderr.write(`${JSON.stringify({ level: 60, time: Date.now(), service, ...failure })}\n`);
}
