import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Admin connection used to create and drop per-run databases. */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database for one test file, so runs never collide. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `eloquent_${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** The first directory the Postgres server listens in for Unix-socket connections, as the server names it. */
export async function postgresSocketDirectory(): Promise<string> {
  const directory = await withAdmin(async (client) => {
    const { rows } = await client.query<{ unix_socket_directories: string }>('SHOW unix_socket_directories');
    return rows[0].unix_socket_directories.split(',')[0].trim();
  });
  if (!directory.startsWith('/')) throw new Error(`the Postgres server listens in no Unix socket directory (unix_socket_directories = '${directory}')`);
  return directory;
}

/** The same database reached through the socket directory `directory` (node-postgres reads `host` from the query). */
export function viaUnixSocket(databaseUrl: string, directory: string): string {
  const url = new URL(databaseUrl);
  url.hostname = 'localhost';
  url.port = '';
  url.searchParams.set('host', directory);
  return url.toString();
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
