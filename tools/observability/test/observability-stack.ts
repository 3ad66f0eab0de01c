import type { IngestJobView } from '@eloquent/contracts';
import { SERVICES, type ServiceName } from '@eloquent/runtime';
import { ask, connectSocket, fetchCookie, startTestStack, waitFor, type TestStack } from '@eloquent/testing';

export const ADMIN_KEY = 'observability-admin-key-0123456789';

export function startObservedStack(label: string, env: NodeJS.ProcessEnv = {}): Promise<TestStack> {
  return startTestStack(label, { ADMIN_API_KEY: ADMIN_KEY, ...env });
}

/** An admin request to the gateway (JSON in and out). */
export async function admin<T>(stack: TestStack, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.gatewayUrl}${path}`, {
    method,
    headers: { 'x-admin-key': ADMIN_KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export function search(stack: TestStack, query: string) {
  return admin<{ chunks: unknown[]; degraded?: string }>(stack, 'POST', '/v1/search', { query, namespace: 'default', topK: 3 });
}

/** One of each kind of traffic: REST, a socket answer (gateway → chat → retrieval → embedding), a search, an ingestion job. */
export async function exercise(stack: TestStack): Promise<void> {
  const cookie = await fetchCookie(stack.gatewayUrl);
  expect((await fetch(`${stack.gatewayUrl}/v1/chats`, { headers: { cookie } })).status).toBe(200);
  const socket = await connectSocket(stack.gatewayUrl, cookie);
  try {
    const answer = await ask(socket, { content: 'How do I dispute a card transaction?' });
    expect(answer.done).toBeDefined();
  } finally {
    socket.disconnect();
  }
  expect((await search(stack, 'card dispute')).status).toBe(200);
  const accepted = await admin<{ jobId: string }>(stack, 'POST', '/v1/documents', {
    namespace: 'observability',
    documents: [{ externalId: 'metrics', title: 'Metrics', text: 'Every service serves Prometheus metrics.' }],
  });
  expect(accepted.status).toBe(202);
  await waitFor(
    'the ingestion job',
    async () => (await admin<IngestJobView>(stack, 'GET', `/v1/ingest-jobs/${accepted.body.jobId}`)).body.state === 'completed',
    30_000,
    100,
  );
}

export async function scrape(stack: TestStack, service: ServiceName): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${stack.stack.ports[service]}/metrics`, { signal: AbortSignal.timeout(10_000) });
  expect(response.status).toBe(200);
  return response.text();
}

export async function scrapeAll(stack: TestStack): Promise<Record<ServiceName, string>> {
  return Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await scrape(stack, s)]))) as Record<ServiceName, string>;
}
