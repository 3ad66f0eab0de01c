import { AppError } from '@eloquent/contracts';

/** What a client is told to wait before retrying a request refused during a database outage. */
export const DATABASE_RETRY_AFTER_MS = 2_000;

/** Node socket errors and Postgres SQLSTATEs (class 08 connection, 57P0x shutdown) that mean "unreachable", not "bad query". */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNREACHABLE_SQLSTATE = /^(08|57P0[1-3]|53300)/;
/** pg's own messages for a pool or client that lost (or never got) its connection. */
const UNREACHABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)/i;

/**
 * Whether `error` says Postgres could not be reached (down, restarting, network cut) — an
 * outage the client should retry, never a defect (docs/failure-modes.md). Looks through
 * TypeORM's `driverError` and `cause` chains.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || UNREACHABLE_SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGE.test(message)) return true;
    const next = current as { driverError?: unknown; cause?: unknown };
    current = next.driverError ?? next.cause;
  }
  return false;
}

/** The error a request gets while the database is unreachable: 503 SERVICE_UNAVAILABLE with a retry hint. */
export function databaseUnavailableError(): AppError {
  return new AppError('SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly', 503, {
    cause: 'database',
    retryAfterMs: DATABASE_RETRY_AFTER_MS,
  });
}

/**
 * Runs `write` until it succeeds, retrying only while the database is unreachable, for at
 * most `budgetMs` (then the last error is thrown). For the writes that must not be lost
 * to a short outage, such as an answer's final state.
 */
export async function retryWhileDatabaseUnavailable<T>(write: () => Promise<T>, budgetMs: number, stopped?: () => boolean): Promise<T> {
  const giveUpAt = Date.now() + budgetMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1_000)) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay > giveUpAt || stopped?.()) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
