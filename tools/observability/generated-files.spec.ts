import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DASHBOARDS } from './dashboards';
import { generatedFiles } from './generated-files';
import { buildDashboard } from './grafana-dashboard';

const ROOT = resolve(__dirname, '../..');

describe('generated observability files', () => {
  it('are current: the dashboards JSON and the Kubernetes ConfigMaps / PrometheusRule match their sources (npm run observability:generate)', () => {
    for (const [path, contents] of Object.entries(generatedFiles(ROOT))) {
      expect({ path, contents: readFileSync(join(ROOT, path), 'utf8') }).toEqual({ path, contents });
    }
  });

  it('give every dashboard a unique uid, unique panel ids and panels that fit the grid', () => {
    const uids = new Set<string>();
    for (const spec of Object.values(DASHBOARDS)) {
      const dashboard = buildDashboard(spec) as { uid: string; panels: Array<{ id: number; gridPos: { x: number; w: number } }> };
      expect(uids.has(dashboard.uid)).toBe(false);
      uids.add(dashboard.uid);
      const ids = dashboard.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const panel of dashboard.panels) expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  it('give the overview its SLOs, traffic, errors, time to first token p50/p95, breaker states and degraded modes', () => {
    const overview = buildDashboard(DASHBOARDS['overview.json']) as { panels: Array<{ title: string; targets?: Array<{ expr: string }> }> };
    const exprs = overview.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    expect(overview.panels.filter((p) => !p.targets).map((p) => p.title)).toEqual([
      'SLOs (docs/observability.md)',
      'Traffic',
      'Errors',
      'Time to first token',
      'Breakers and degraded modes',
      'Alerts',
    ]);
    for (const needle of [
      'histogram_quantile(0.5, sum by (le, mode) (rate(eloquent_chat_first_token_seconds_bucket',
      'histogram_quantile(0.95, sum by (le, mode) (rate(eloquent_chat_first_token_seconds_bucket',
      'eloquent_circuit_breaker_state',
      'eloquent_retrieval_degraded_searches_total',
      'eloquent_chat_generation_fallbacks_total',
      'eloquent:chat_first_token_slow:ratio_rate1h',
      'eloquent:chat_answers_failed:ratio_rate1h',
    ]) {
      expect(exprs).toContain(needle);
    }
  });

  it('give the chat dashboard the abstention rate by mode (with the 30 min share the alert reads, the share that suggested articles, and the share of those picked) and the ratings, with the customers who said an answer did not help', () => {
    const chat = buildDashboard(DASHBOARDS['chat.json']) as { panels: Array<{ title: string; targets?: Array<{ expr: string }> }> };
    const exprs = (title: string) => (chat.panels.find((p) => p.title === title)?.targets ?? []).map((t) => t.expr);
    expect(exprs('Abstention rate by mode')).toEqual([
      'sum by (mode) (rate(eloquent_chat_abstentions_total{service="chat"}[5m])) / sum by (mode) (rate(eloquent_chat_answers_total{service="chat", outcome="complete"}[5m]))',
      'sum(rate(eloquent_chat_abstentions_total{service="chat"}[30m])) / sum(rate(eloquent_chat_answers_total{service="chat", outcome="complete"}[30m]))',
      'sum(rate(eloquent_chat_abstentions_with_suggestions_total{service="chat"}[30m])) / sum(rate(eloquent_chat_answers_total{service="chat", outcome="complete"}[30m]))',
      'sum(rate(eloquent_chat_suggestions_picked_total{service="chat"}[30m])) / sum(rate(eloquent_chat_abstentions_with_suggestions_total{service="chat"}[30m]))',
    ]);
    expect(exprs('Ratings per minute')).toEqual([
      'sum by (rating) (rate(eloquent_chat_feedback_total{service="chat"}[$__rate_interval])) * 60',
      'sum(rate(eloquent_chat_small_talk_replies_total{service="chat", kind="dissatisfied"}[$__rate_interval])) * 60',
    ]);
    expect(exprs('Share of ratings that are down (1 h)')).toEqual([
      'sum(rate(eloquent_chat_feedback_total{service="chat", rating="down"}[1h])) / sum(rate(eloquent_chat_feedback_total{service="chat"}[1h]))',
    ]);
  });
});
