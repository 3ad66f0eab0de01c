import { postgresPoolWaitSeconds } from '@eloquent/observability';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs `text` as a named prepared statement: Postgres parses and plans it once per pooled
 * connection instead of on every call. For the few statements every answer runs, where
 * that work was a large share of the database's CPU under load. Same pool, and so the same
 * timeouts, as every other query. The wait for a pooled connection is measured
 * (`eloquent_postgres_pool_wait_seconds`), so this does what `pool.query` does with a clock
 * between the connection and the statement: while the statement runs, the connection's
 * `error` event is listened to (a checked-out connection that dies would otherwise crash the
 * process with an unhandled `error`), and a connection whose statement failed is discarded.
 */
export async function preparedQuery<Row>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const asked = performance.now();
  const client = await pool.connect();
  postgresPoolWaitSeconds.observe((performance.now() - asked) / 1000);
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.release(error);
  };
  client.once('error', release);
  try {
    const result = await client.query({ name, text, values });
    return result.rows as Row[];
  } catch (error) {
    release(error as Error);
    throw error;
  } finally {
    client.removeListener('error', release);
    release();
  }
}
