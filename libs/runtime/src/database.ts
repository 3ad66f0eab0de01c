import { Client } from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

export interface ServiceDatabaseOptions {
  url: string;
  /** The service's own Postgres schema (`chat`, `retrieval`); its migrations table lives there too. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  poolSize: number;
}

/** TypeORM options for one service's schema, with timeouts so no query waits forever. */
export function postgresOptions(options: ServiceDatabaseOptions): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    poolSize: options.poolSize,
    connectTimeoutMS: 5_000,
    extra: { statement_timeout: 30_000, query_timeout: 35_000, idle_in_transaction_session_timeout: 60_000 },
  };
}

/**
 * Applies the service's pending migrations, each in its own transaction. The schema is
 * created first because TypeORM keeps its migrations table inside it.
 */
export async function migrate(options: ServiceDatabaseOptions): Promise<string[]> {
  const client = new Client({ connectionString: options.url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
  } finally {
    await client.end();
  }
  const dataSource = new DataSource({ ...postgresOptions(options), poolSize: 1 });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Body of each service's `migrate.ts` (run by `npm run migrate` and the Kubernetes migration Job). */
export function runMigrationsCli(service: string, options: () => ServiceDatabaseOptions): void {
  Promise.resolve()
    .then(() => migrate(options()))
    .then((applied) => console.log(applied.length ? `${service}: applied ${applied.join(', ')}` : `${service}: schema up to date`))
    .catch((error: unknown) => {
      console.error(`${service}: migration failed:`, error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
