import type { DataSource } from 'typeorm';
import { scrapedGauge } from './scrape-collector';

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
