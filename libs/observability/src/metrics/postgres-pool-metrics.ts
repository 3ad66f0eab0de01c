import type { DataSource } from 'typeorm';
import { histogram, LATENCY_BUCKETS } from './registry';
import { scrapedGauge } from './scrape-collector';

/**
 * How long a prepared statement (libs/runtime `preparedQuery`: the statements of every answer)
 * waited for one of the pool's connections: 0 while one is idle, the queue's wait when all are
 * busy (DATABASE_POOL_SIZE), or a new connection's set-up. `waiting` below says how many wait
 * at a scrape's instant; this says how long they waited (docs/observability.md).
 */
export const postgresPoolWaitSeconds = histogram({
  name: 'eloquent_postgres_pool_wait_seconds',
  help: "Time the service's prepared statements waited for a connection of its Postgres pool.",
  buckets: LATENCY_BUCKETS,
});

const poolConnections = scrapedGauge({
  name: 'eloquent_postgres_pool_connections',
  help: "Connections of the service's Postgres pool by state: total, idle, and waiting (clients queued for a connection).",
  labelNames: ['state'],
});

/** The `pg` Pool under a TypeORM Postgres DataSource (`driver.master`; TypeORM has no public accessor). */
interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Reports the DataSource's pool on every scrape; returns the function that stops it. */
export function watchPostgresPool(dataSource: DataSource): () => void {
  return poolConnections.add((metric) => {
    const pool = (dataSource.driver as unknown as { master?: PgPoolCounts }).master;
    if (!pool) return;
    metric.set({ state: 'total' }, pool.totalCount);
    metric.set({ state: 'idle' }, pool.idleCount);
    metric.set({ state: 'waiting' }, pool.waitingCount);
  });
}
