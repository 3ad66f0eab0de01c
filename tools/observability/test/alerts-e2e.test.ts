import { ask, connectSocket, fetchCookie, startFakeAnthropic, waitFor, type FakeAnthropic, type TestStack } from '@eloquent/testing';
import { join, resolve } from 'node:path';
import { RULES_FILE } from '../generated-files';
import { search, startObservedStack } from './observability-stack';
import { startPrometheus, type ActiveAlert, type PrometheusServer } from './prometheus-server';

const ROOT = resolve(__dirname, '../../..');

/**
 * The alert rules against real failures: a real Prometheus scrapes a test stack and
 * evaluates observability/prometheus/alerts.yml every second. An alert with a `for` goes
 * `pending` as soon as its condition holds, which is what is checked here (the `for`
 * durations themselves are covered by the rules' unit tests).
 */
describe('alerts on a real Prometheus scraping a real stack', () => {
  let fakeClaude: FakeAnthropic;
  let stack: TestStack;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    // Claude overloaded: every request answers 529.
    fakeClaude = await startFakeAnthropic(() => ({ kind: 'http-error', status: 529, type: 'overloaded_error', message: 'Overloaded' }));
    stack = await startObservedStack('obs-alerts', {
      ANTHROPIC_API_KEY: 'sk-ant-observability-test',
      ANTHROPIC_BASE_URL: fakeClaude.url,
      ANTHROPIC_RETRIES: '0',
      ANTHROPIC_BREAKER_THRESHOLD: '2',
      ANTHROPIC_BREAKER_HALF_OPEN_MS: '600000',
      QUERY_EMBED_TIMEOUT_MS: '500',
      // The keyless stack's retrieval embeds queries itself (the hashed space, docs/retrieval.md,
      // "Query embedding"), so killing the embedding service would not touch search. This test is
      // about the deployments whose queries need the service (a real model): ask it as they do.
      LOCAL_QUERY_EMBEDDING: 'off',
    });
    prometheus = await startPrometheus(stack, join(ROOT, RULES_FILE));
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    await stack?.stop();
    await fakeClaude?.close();
  }, 60_000);

  const alertFor = async (name: string, labels: Record<string, string>): Promise<ActiveAlert | undefined> =>
    (await prometheus.alerts()).find((a) => a.labels.alertname === name && Object.entries(labels).every(([k, v]) => a.labels[k] === v));

  it('has every service scraped', async () => {
    await waitFor(
      'all four targets up',
      async () => {
        const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('sum(up{job=~"eloquent-.*"})')}`);
        const body = (await response.json()) as { data: { result: Array<{ value: [number, string] }> } };
        return body.data.result[0]?.value[1] === '4';
      },
      30_000,
      250,
    );
  }, 60_000);

  it('Claude answering 529 opens its breaker: EloquentCircuitBreakerOpen goes pending (answers fall back to retrieval-only)', async () => {
    const socket = await connectSocket(stack.gatewayUrl, await fetchCookie(stack.gatewayUrl));
    try {
      for (const question of ['How do I dispute a card transaction?', 'How do I reset my password?', 'How do I freeze my card?']) {
        const answer = await ask(socket, { content: question });
        expect(answer.done?.mode).toBe('retrieval-only');
      }
    } finally {
      socket.disconnect();
    }
    expect(fakeClaude.exchanges.length).toBeGreaterThanOrEqual(2);
    const alert = await waitFor(
      'EloquentCircuitBreakerOpen for anthropic.messages',
      () => alertFor('EloquentCircuitBreakerOpen', { dependency: 'anthropic.messages' }),
      30_000,
      250,
    );
    expect(alert).toMatchObject({ state: 'pending', labels: { service: 'chat', severity: 'warning' } });
  }, 120_000);

  it('the embedding service killed: searches degrade to BM25-only, EloquentEmbeddingDegraded goes pending (and EloquentTargetDown)', async () => {
    expect((await search(stack, 'card dispute before the kill')).body.degraded).toBeUndefined();
    stack.stack.processes.embedding.kill('SIGKILL');
    let n = 0;
    const alert = await waitFor(
      'EloquentEmbeddingDegraded',
      async () => {
        // A new query each time: degraded answers are not cached, but earlier good ones are.
        const response = await search(stack, `lost card abroad ${n++}`);
        expect(response.body.degraded).toMatch(/BM25 only/);
        return alertFor('EloquentEmbeddingDegraded', { service: 'retrieval' });
      },
      60_000,
      250,
    );
    expect(alert).toMatchObject({ state: 'pending', labels: { severity: 'warning' } });
    const down = await waitFor('EloquentTargetDown for embedding', () => alertFor('EloquentTargetDown', { job: 'eloquent-embedding' }), 30_000, 250);
    expect(down).toMatchObject({ state: 'pending', labels: { severity: 'page' } });
  }, 120_000);
});
