import type { BusClient } from '@eloquent/bus';
import { waitFor } from '@eloquent/testing';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexFollower } from '../src/search/index-follower';
import { startRetrieval, startRetrievalHarness, type RetrievalHarness, type RetrievalReplica } from './support/retrieval-app';

const NS = 'kb';
const articles = Array.from({ length: 12 }, (_, i) => ({
  externalId: `a${i}`,
  title: `Article ${i}`,
  text: `Topic ${i % 3 === 0 ? 'refunds and returns' : i % 3 === 1 ? 'card limits' : 'shipping by courier'} number ${i}.`,
  ...(i % 2 === 0 ? { metadata: { lang: 'en' } } : {}),
}));

/**
 * Snapshot boot: a replica writes its index (BM25, chunk ids, metadata, the HNSW graph) with
 * the change seq it reflects; a new replica loads it, catches up from that seq, and then
 * answers exactly like a replica that rebuilt from Postgres, including changes and deletes
 * made after the snapshot. A snapshot made with other ranking settings is not used.
 */
describe('index snapshots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eloquent-snapshots-'));
  // A graph from 5 vectors up, so the snapshot carries a usearch graph, not just exact vectors.
  const env = { INDEX_SNAPSHOT_DIR: dir, INDEX_SNAPSHOT_INTERVAL_S: '0', VECTOR_HNSW_THRESHOLD: '5', SEARCH_CACHE_TTL_S: '0' };
  let harness: RetrievalHarness;
  let bus: BusClient;
  const started: RetrievalReplica[] = [];

  const snapshots = () => readdirSync(dir).filter((name) => /^snapshot-\d+$/.test(name));
  const ranking = async (replica: RetrievalReplica, query: string, filter?: Record<string, string>) =>
    (await replica.search.search({ query, namespace: NS, topK: 10, ...(filter ? { filter } : {}) })).chunks.map((c) => [c.externalId, c.text, c.score]);

  beforeAll(async () => {
    harness = await startRetrievalHarness('snapshot', env);
    bus = harness.bus;
    await bus.request('retrieval.ingest', { namespace: NS, documents: articles });
    await waitFor('the first snapshot', () => snapshots().length === 1, 30_000);
  }, 60_000);

  afterAll(async () => {
    for (const replica of started) await replica.close();
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a snapshot named by the change seq it reflects', () => {
    expect(harness.retrieval.app.get(IndexFollower).boot?.snapshot).toBeUndefined(); // the first replica rebuilt
    expect(snapshots()).toEqual([`snapshot-${harness.retrieval.registry.version}`]);
  });

  it('boots a new replica from the snapshot, which then follows later updates and deletes', async () => {
    const snapshotVersion = harness.retrieval.registry.version;
    await bus.request('retrieval.ingest', { namespace: NS, documents: [{ externalId: 'a1', title: 'Article 1', text: 'Card limits now rise with drones.' }] });
    await bus.request('retrieval.delete', { namespace: NS, externalId: 'a3' });
    await bus.request('retrieval.ingest', { namespace: NS, documents: [{ externalId: 'late', title: 'Late', text: 'Refunds for drones arrive late.' }] });

    const replica = await startRetrieval(harness.database.url, harness.prefix, env);
    started.push(replica);
    const boot = replica.app.get(IndexFollower).boot!;
    expect(boot.snapshotVersion).toBe(snapshotVersion);
    await waitFor(
      'both replicas at the same seq',
      () => replica.registry.version === harness.retrieval.registry.version && replica.registry.version > snapshotVersion,
    );

    expect(replica.registry.stats(NS)).toEqual(expect.objectContaining({ documents: 12, chunks: 12, vectorIndex: 'hnsw' }));
    for (const query of ['refunds drones', 'card limits', 'shipping courier number 5']) {
      expect(await ranking(replica, query)).toEqual(await ranking(harness.retrieval, query));
    }
    expect(await ranking(replica, 'refunds', { lang: 'en' })).toEqual(await ranking(harness.retrieval, 'refunds', { lang: 'en' }));
    const externalIds = (await replica.search.search({ query: 'refunds returns number 3', namespace: NS, topK: 20, mode: 'bm25' })).chunks.map(
      (c) => c.externalId,
    );
    expect(externalIds).not.toContain('a3');
    expect(externalIds).toContain('late');
    const vector = await replica.search.search({ query: 'drones', namespace: NS, topK: 3, mode: 'vector' });
    expect(vector.legs).toEqual(['vector']);
    expect(vector.chunks.map((c) => c.externalId)).toEqual(
      (await harness.retrieval.search.search({ query: 'drones', namespace: NS, topK: 3, mode: 'vector' })).chunks.map((c) => c.externalId),
    );
  });

  it('rebuilds from Postgres when the snapshot was made with other ranking settings', async () => {
    const replica = await startRetrieval(harness.database.url, harness.prefix, { ...env, BM25_K1: '1.5' });
    started.push(replica);
    expect(replica.app.get(IndexFollower).boot?.snapshot).toBeUndefined();
    expect(replica.registry.stats(NS).documents).toBe(12);
  });
});
