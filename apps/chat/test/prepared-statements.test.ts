import { preparedQuery } from '@eloquent/runtime';
import { createTestDatabase, metricSample, startTcpProxy, waitFor, type TestDatabase } from '@eloquent/testing';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';

/**
 * The statements every answer runs go through libs/runtime's preparedQuery (conversations.service.ts,
 * message-store.ts): named, on the service's pool, with the wait for a pooled connection measured.
 */
describe('prepared statements on the service pool', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('prepared');
    // One connection, so a statement waits whenever another holds it.
    dataSource = await new DataSource({ type: 'postgres', url: database.url, poolSize: 1 }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Statements counted so far that waited over `aboveSeconds` for a connection. */
  const waitsOver = async (aboveSeconds: number) => {
    const exposition = await register.getSingleMetricAsString('eloquent_postgres_pool_wait_seconds');
    const all = metricSample(exposition, 'eloquent_postgres_pool_wait_seconds_count') ?? 0;
    return all - (metricSample(exposition, 'eloquent_postgres_pool_wait_seconds_bucket', { le: String(aboveSeconds) }) ?? 0);
  };
  const countWaits = async () =>
    metricSample(await register.getSingleMetricAsString('eloquent_postgres_pool_wait_seconds'), 'eloquent_postgres_pool_wait_seconds_count') ?? 0;

  it('answers with the rows and counts each statement’s wait for a connection', async () => {
    const before = await countWaits();

    const rows = await preparedQuery<{ sum: number }>(dataSource, 'test-sum', 'SELECT $1::int + $2::int AS sum', [2, 3]);
    await preparedQuery(dataSource, 'test-sum', 'SELECT $1::int + $2::int AS sum', [4, 5]);

    expect(rows).toEqual([{ sum: 5 }]);
    expect((await countWaits()) - before).toBe(2);
  });

  it('measures the wait while every connection is busy: a statement queued behind a 300 ms one waited over 0.1 s', async () => {
    const slowBefore = await waitsOver(0.1);
    const holding = preparedQuery(dataSource, 'test-hold', 'SELECT pg_sleep(0.3)', []);
    const queued = preparedQuery<{ one: number }>(dataSource, 'test-one', 'SELECT 1 AS one', []);

    await holding;
    expect(await queued).toEqual([{ one: 1 }]);
    expect((await waitsOver(0.1)) - slowBefore).toBe(1);
  });

  it('fails a bad statement with Postgres’ error, and the pool carries on with a fresh connection', async () => {
    await expect(preparedQuery(dataSource, 'test-bad', 'SELECT 1 / $1::int', [0])).rejects.toThrow(/division by zero/);

    expect(await preparedQuery<{ one: number }>(dataSource, 'test-one', 'SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
  });

  it('fails a statement whose connection is killed mid-way, without an unhandled error, and the next one runs', async () => {
    const running = preparedQuery(dataSource, 'test-long', 'SELECT pg_sleep(30)', []);
    const admin = await new DataSource({ type: 'postgres', url: database.url, poolSize: 1 }).initialize();
    try {
      await waitFor('the statement to run', async () => {
        const [{ count }] = (await admin.query(`SELECT count(*)::int AS count FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'`)) as Array<{
          count: number;
        }>;
        return count === 1;
      });
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'`);
    } finally {
      await admin.destroy();
    }

    await expect(running).rejects.toThrow(/terminat/);
    expect(await preparedQuery<{ one: number }>(dataSource, 'test-one', 'SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
  });

  it('fails a statement whose network connection drops mid-way (the connection emits `error`), without crashing the process', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(database.url).port) });
    const url = new URL(database.url);
    url.port = String(proxy.port);
    const throughProxy = await new DataSource({ type: 'postgres', url: url.toString(), poolSize: 1 }).initialize();
    try {
      const running = preparedQuery(throughProxy, 'test-long', 'SELECT pg_sleep(30)', []);
      await waitFor('the statement to run', async () => {
        const rows = await preparedQuery<{ count: number }>(
          dataSource,
          'test-running',
          `SELECT count(*)::int AS count FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'`,
          [],
        );
        return rows[0].count === 1;
      });
      expect(proxy.dropAll()).toBeGreaterThan(0);

      await expect(running).rejects.toThrow();
      expect(await preparedQuery<{ one: number }>(throughProxy, 'test-one', 'SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
    } finally {
      await throughProxy.destroy();
      await proxy.close();
      await dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'`);
    }
  });
});
