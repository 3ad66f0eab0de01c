import type { BusClient } from '@eloquent/bus';
import { metricSample, waitFor } from '@eloquent/testing';
import { Client } from 'pg';
import { CHANGE_LISTENER_APPLICATION_NAME, ChangeListener } from '../src/change-log/change-listener';
import { helpArticles as articles } from './support/help-articles';
import { startRetrieval, startRetrievalHarness, type RetrievalHarness, type RetrievalReplica } from './support/retrieval-app';

const NS = 'help';

/**
 * The index followers are woken by Postgres notifications (INDEX_NOTIFY=on): with the fallback
 * poll a minute away, a write through one replica still reaches the other's search, also after
 * the listening connection is killed (it reconnects and catches up from the change log). With
 * INDEX_NOTIFY=off a replica holds no listening connection and converges by polling.
 * `/health/ready` and `/metrics` say which it is (listening, reconnecting, off).
 */
describe('change notifications', () => {
  // Longer than any wait below: what converges here was woken by a notification (or a reconnection).
  const notified = { INDEX_FALLBACK_POLL_MS: '60000' };
  let harness: RetrievalHarness;
  let second: RetrievalReplica;
  let replicas: RetrievalReplica[];
  let bus: BusClient;
  let db: Client;

  const externalIds = async (replica: RetrievalReplica, query: string) =>
    (await replica.search.search({ query, namespace: NS, topK: 10, mode: 'bm25' })).chunks.map((c) => c.externalId);
  const everywhere = (what: string, probe: (replica: RetrievalReplica) => Promise<boolean>, on = replicas) =>
    Promise.all(on.map((replica) => waitFor(what, () => probe(replica))));
  /** The backends of this database's listening connections. */
  const listenerPids = async (): Promise<number[]> =>
    (
      await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 ORDER BY pid`, [
        CHANGE_LISTENER_APPLICATION_NAME,
      ])
    ).rows.map((r) => r.pid);

  /** The `index` readiness check's report of the listener (reported, never required). */
  const readiness = async (replica: RetrievalReplica) => {
    const response = await fetch(`http://127.0.0.1:${replica.config.PORT}/health/ready`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { details: { index: { changeNotifications: string; changeNotificationReconnects: number } } };
    return {
      status: response.status,
      changeNotifications: body.details.index.changeNotifications,
      reconnects: body.details.index.changeNotificationReconnects,
    };
  };
  // Every replica of this test runs in this process, so /metrics shows one registry for them all.
  const metric = async (name: string) =>
    metricSample(await (await fetch(`http://127.0.0.1:${second.config.PORT}/metrics`, { signal: AbortSignal.timeout(5_000) })).text(), name);
  const UP = 'eloquent_retrieval_change_notifications_up';
  const RECONNECTS = 'eloquent_retrieval_change_notifications_reconnects_total';

  beforeAll(async () => {
    harness = await startRetrievalHarness('changenotify', notified);
    second = await startRetrieval(harness.database.url, harness.prefix, notified);
    replicas = [harness.retrieval, second];
    bus = harness.bus;
    db = new Client({ connectionString: harness.database.url, connectionTimeoutMillis: 5_000 });
    await db.connect();
    // Both listening before the first write, so it is a notification (not the wake after connecting) that carries it.
    await waitFor('both replicas to listen', () => replicas.every((r) => r.app.get(ChangeListener).listening));
  }, 30_000);

  afterAll(async () => {
    await db?.end();
    await second?.close();
    await harness?.close();
  });

  it('holds one listening connection per replica, named in pg_stat_activity', async () => {
    expect(await listenerPids()).toHaveLength(2);
  });

  it('reports listening on /health/ready and 1 on the gauge', async () => {
    for (const replica of replicas) expect(await readiness(replica)).toEqual({ status: 200, changeNotifications: 'listening', reconnects: 0 });
    expect(await metric(UP)).toBe(1);
    expect(await metric(RECONNECTS)).toBe(0);
  });

  it('brings a new document into search on every replica without waiting for the poll', async () => {
    await bus.request('retrieval.ingest', { namespace: NS, documents: articles });
    await everywhere('the articles on every replica', async (r) => (await externalIds(r, 'password reset')).includes('passwords'));
  });

  it('takes a deleted document out of search on every replica without waiting for the poll', async () => {
    await bus.request('retrieval.delete', { namespace: NS, externalId: 'passwords' });
    await everywhere('the delete on every replica', async (r) => !(await externalIds(r, 'password reset')).includes('passwords'));
  });

  it('reconnects when the listening connection is killed, and catches up with what changed meanwhile', async () => {
    const before = await listenerPids();
    const reconnectsBefore = await metric(RECONNECTS);
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [
      CHANGE_LISTENER_APPLICATION_NAME,
    ]);
    await bus.request('retrieval.delete', { namespace: NS, externalId: 'shipping' });
    await bus.request('retrieval.ingest', { namespace: NS, documents: [{ externalId: 'drones', title: 'Drones', text: 'Parcels now travel by drone.' }] });
    await everywhere('the delete on every replica', async (r) => !(await externalIds(r, 'courier')).includes('shipping'));
    await everywhere('the new document on every replica', async (r) => (await externalIds(r, 'drone')).includes('drones'));
    const after = await waitFor('both listeners back', async () => {
      const pids = await listenerPids();
      return pids.length === 2 && replicas.every((r) => r.app.get(ChangeListener).listening) && pids;
    });
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    // Reconnecting lasted ~100 ms (the next test holds it there): what stays is the count, and listening again.
    await everywhere('each replica to report its reconnection', async (r) => (await readiness(r)).reconnects === 1);
    for (const replica of replicas) expect(await readiness(replica)).toEqual({ status: 200, changeNotifications: 'listening', reconnects: 1 });
    expect(await metric(RECONNECTS)).toBe(reconnectsBefore! + 2);
    expect(await metric(UP)).toBe(1);
    // Listening again, not only caught up once: the next write arrives by notification too.
    await bus.request('retrieval.delete', { namespace: NS, externalId: 'drones' });
    await everywhere('a later delete on every replica', async (r) => !(await externalIds(r, 'drone')).includes('drones'));
  });

  it('reports reconnecting, and stays ready, while Postgres refuses the listener; listening again once it accepts', async () => {
    const database = harness.database.name;
    // A database cannot refuse connections while the session saying so is connected to it.
    const elsewhere = new URL(harness.database.url);
    elsewhere.pathname = '/postgres';
    const admin = new Client({ connectionString: elsewhere.toString(), connectionTimeoutMillis: 5_000 });
    await admin.connect();
    // Each pool keeps the connection its readiness check just used (idle for 10 s), so only the listeners need new ones.
    for (const replica of replicas) expect((await readiness(replica)).changeNotifications).toBe('listening');
    await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`);
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`, [
        database,
        CHANGE_LISTENER_APPLICATION_NAME,
      ]);
      await everywhere('each replica to report reconnecting', async (r) => (await readiness(r)).changeNotifications === 'reconnecting');
      // Reported, not required: the fallback poll keeps the index correct, so the replica stays ready.
      for (const replica of replicas) expect(await readiness(replica)).toEqual({ status: 200, changeNotifications: 'reconnecting', reconnects: 1 });
      expect(await metric(UP)).toBe(0);
    } finally {
      await admin.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await everywhere('each replica to listen again', async (r) => (await readiness(r)).changeNotifications === 'listening');
    for (const replica of replicas) expect((await readiness(replica)).reconnects).toBe(2);
    expect(await metric(UP)).toBe(1);
  });

  it('converges by polling with INDEX_NOTIFY=off, holding no listening connection', async () => {
    const polling = await startRetrieval(harness.database.url, harness.prefix, { INDEX_NOTIFY: 'off', INDEX_POLL_MS: '100' });
    try {
      await waitFor('the polling replica to load', async () => (await externalIds(polling, 'refund')).includes('refunds'));
      expect(polling.app.get(ChangeListener).listening).toBe(false);
      expect(await readiness(polling)).toEqual({ status: 200, changeNotifications: 'off', reconnects: 0 });
      expect(await listenerPids()).toHaveLength(2);
      await bus.request('retrieval.delete', { namespace: NS, externalId: 'refunds' });
      await everywhere('the delete on every replica', async (r) => !(await externalIds(r, 'refund')).includes('refunds'), [...replicas, polling]);
      await bus.request('retrieval.ingest', { namespace: NS, documents: [{ externalId: 'returns', title: 'Returns', text: 'Returns are free.' }] });
      await everywhere('the new document on every replica', async (r) => (await externalIds(r, 'returns free')).includes('returns'), [...replicas, polling]);
    } finally {
      await polling.close();
    }
  });
});
