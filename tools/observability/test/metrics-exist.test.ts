import type { ServiceName } from '@eloquent/runtime';
import { metricSample, type TestStack } from '@eloquent/testing';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exposedNames, metricsUsed } from '../observability-sources';
import { exercise, scrapeAll, startObservedStack } from './observability-stack';

const ROOT = resolve(__dirname, '../../..');

/**
 * The four services' real `/metrics` after one of each kind of traffic: every metric a
 * dashboard panel or an alert reads exists on some service, every metric there is in the
 * catalogue (docs/observability.md), and the RED metrics count what happened.
 */
describe('metrics on the services’ /metrics', () => {
  let stack: TestStack;
  let pages: Record<ServiceName, string>;

  beforeAll(async () => {
    stack = await startObservedStack('obs-metrics');
    await exercise(stack);
    pages = await scrapeAll(stack);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('include every metric the dashboards and alert rules read', () => {
    const exposed = new Set(Object.values(pages).flatMap((page) => [...exposedNames(page)]));
    const missing = [...metricsUsed(ROOT)].filter(([name]) => !exposed.has(name)).map(([name, where]) => `${name} (${where.join('; ')})`);
    expect(missing).toEqual([]);
  });

  it('are all in the catalogue of docs/observability.md', () => {
    const docs = readFileSync(join(ROOT, 'docs/observability.md'), 'utf8');
    const families = new Set(Object.values(pages).flatMap((page) => [...page.matchAll(/^# TYPE (eloquent_\S+) /gm)].map((m) => m[1])));
    const undocumented = [...families].filter((name) => !/^eloquent_(process|nodejs)_/.test(name) && !docs.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });

  it('label every series with its service', () => {
    for (const [service, page] of Object.entries(pages)) {
      const samples = page.split('\n').filter((line) => line.startsWith('eloquent_'));
      expect(samples.length).toBeGreaterThan(0);
      expect(samples.filter((line) => !line.includes(`service="${service}"`))).toEqual([]);
    }
  });

  it('count HTTP by route template and status class, sockets by event and outcome, bus requests on both sides', () => {
    expect(metricSample(pages.gateway, 'eloquent_http_requests_total', { route: '/v1/chats', method: 'GET', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(metricSample(pages.gateway, 'eloquent_http_requests_total', { route: '/v1/search', method: 'POST', status_class: '2xx' })).toBe(1);
    expect(metricSample(pages.gateway, 'eloquent_socket_events_total', { event: 'chat:send', outcome: 'ok' })).toBe(1);
    expect(metricSample(pages.gateway, 'eloquent_socket_handshakes_total', { outcome: 'ok' })).toBe(1);
    expect(metricSample(pages.gateway, 'eloquent_bus_client_requests_total', { pattern: 'chat.send', outcome: 'ok' })).toBe(1);
    expect(metricSample(pages.chat, 'eloquent_bus_handler_requests_total', { pattern: 'chat.send', outcome: 'ok' })).toBe(1);
    expect(metricSample(pages.chat, 'eloquent_bus_client_requests_total', { pattern: 'retrieval.search', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(metricSample(pages.retrieval, 'eloquent_bus_handler_duration_seconds_count', { pattern: 'retrieval.search', outcome: 'ok' })).toBeGreaterThanOrEqual(
      2,
    );
    for (const service of ['chat', 'retrieval', 'embedding'] as const) {
      expect(metricSample(pages[service], 'eloquent_bus_consumer_group_lag')).toBe(0);
      expect(metricSample(pages[service], 'eloquent_bus_consumer_group_pending')).toBe(0);
    }
  });

  it('measure answers, search legs, the ingest queue and the Postgres pools', () => {
    expect(metricSample(pages.chat, 'eloquent_chat_answers_total', { mode: 'retrieval-only', outcome: 'complete' })).toBe(1);
    expect(metricSample(pages.chat, 'eloquent_chat_first_token_seconds_count', { mode: 'retrieval-only' })).toBe(1);
    expect(metricSample(pages.chat, 'eloquent_chat_answer_duration_seconds_count', { mode: 'retrieval-only', outcome: 'complete' })).toBe(1);
    for (const phase of ['embed', 'bm25', 'vector', 'fusion', 'total']) {
      expect(metricSample(pages.retrieval, 'eloquent_retrieval_search_phase_seconds_count', { phase })).toBeGreaterThanOrEqual(1);
    }
    expect(metricSample(pages.retrieval, 'eloquent_retrieval_degraded_searches_total', { reason: 'embedding_unavailable' })).toBe(0);
    expect(metricSample(pages.retrieval, 'eloquent_queue_jobs', { queue: 'ingest', state: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(metricSample(pages.retrieval, 'eloquent_ingest_jobs_total', { kind: 'documents', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    for (const service of ['chat', 'retrieval'] as const) {
      expect(metricSample(pages[service], 'eloquent_postgres_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(metricSample(pages[service], 'eloquent_postgres_pool_connections', { state: 'waiting' })).toBe(0);
    }
    expect(metricSample(pages.embedding, 'eloquent_circuit_breaker_state', { dependency: 'embedding.deterministic' })).toBe(0);
  });
});
