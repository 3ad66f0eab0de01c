// A plain Node script outside Nest: indexes two documents with `retrieval.ingest`, then
// finds one with `retrieval.search`, through the published @eloquent/bus client.
//
//   REDIS_URL=redis://127.0.0.1:6379 REDIS_PREFIX=eloquent: node main.mjs
//
// REDIS_PREFIX must be the one the Eloquent services run with. Prints one JSON line with
// what it did; exits 1 with the error's stable code if a call fails.
import { BusClient } from '@eloquent/bus';

const bus = new BusClient({
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  prefix: process.env.REDIS_PREFIX ?? 'eloquent:',
  name: 'bus-client-example',
  defaultTimeoutMs: 15_000,
});
const namespace = process.env.EXAMPLE_NAMESPACE ?? 'bus-example';

try {
  const ingested = await bus.request('retrieval.ingest', {
    namespace,
    documents: [
      {
        externalId: 'parcel-lockers',
        title: 'Parcel lockers',
        url: 'https://example.com/help/parcel-lockers',
        text: 'Parcels can be collected from a parcel locker within 72 hours using the code in the text message.',
      },
      {
        externalId: 'returns',
        title: 'Returns',
        text: 'Items can be returned within 30 days. Print the label from your account and drop the parcel at any post office.',
      },
    ],
  });
  // Each replica's index catches up once Postgres announces the commit: search until it shows up.
  let search;
  for (let attempt = 0; attempt < 50; attempt++) {
    search = await bus.request('retrieval.search', { namespace, query: 'how long can a parcel stay in the locker', topK: 3 });
    if (search.chunks.length) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log(
    JSON.stringify({
      ingested: ingested.results.map((r) => ({ externalId: r.externalId, outcome: r.outcome })),
      top: search.chunks[0] && { externalId: search.chunks[0].externalId, title: search.chunks[0].title, url: search.chunks[0].url },
      legs: search.legs,
    }),
  );
} catch (error) {
  console.error(`${error.code ?? 'ERROR'}: ${error.message}`);
  process.exitCode = 1;
} finally {
  await bus.close();
}
