import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump, load } from 'js-yaml';
import { loadRules, panelQueries } from './observability-sources';
import { promtool } from './promql';

const ROOT = resolve(__dirname, '../..');
const PROMETHEUS_DIR = join(ROOT, 'observability/prometheus');
const alerts = loadRules(ROOT).filter((r) => r.alert);

describe('Prometheus rules (observability/prometheus/alerts.yml)', () => {
  it('pass `promtool check rules`', () => {
    expect(promtool(['check', 'rules', 'alerts.yml'], PROMETHEUS_DIR)).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('pass their unit tests (`promtool test rules alerts.test.yml`)', () => {
    expect(promtool(['test', 'rules', 'alerts.test.yml'], PROMETHEUS_DIR)).toMatch(/SUCCESS/);
  }, 60_000);

  it('have a unit test that fires each alert', () => {
    const tests = load(readFileSync(join(PROMETHEUS_DIR, 'alerts.test.yml'), 'utf8')) as {
      tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
    };
    const fired = new Set(tests.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    expect(alerts.map((a) => a.alert).filter((name) => !fired.has(name!))).toEqual([]);
  });

  it('give each alert a severity, a summary and a runbook line in docs/observability.md', () => {
    const docs = readFileSync(join(ROOT, 'docs/observability.md'), 'utf8');
    for (const alert of alerts) {
      expect({ alert: alert.alert, severity: alert.labels?.severity }).toEqual({
        alert: alert.alert,
        severity: expect.stringMatching(/^(page|ticket|warning)$/),
      });
      expect(alert.annotations?.summary).toBeTruthy();
      expect(alert.annotations?.runbook).toBe(`docs/observability.md#${alert.alert!.toLowerCase()}`);
      expect(docs).toContain(`### ${alert.alert}`);
    }
  });
});

describe('Grafana dashboards (observability/grafana/dashboards)', () => {
  /** promtool `command` (`check rules`, `test rules`) run on `contents` written as a YAML file in a directory of its own. */
  const promtoolOn = (command: string[], contents: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'eloquent-panels-'));
    try {
      writeFileSync(join(dir, 'input.yml'), dump(contents, { lineWidth: -1 }));
      return promtool([...command, 'input.yml'], dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('have panel queries that all parse (promtool checks them as recording rules)', () => {
    const queries = panelQueries();
    const rules = { groups: [{ name: 'panels', rules: queries.map((q, i) => ({ record: `panel:query_${i}`, expr: q.expr })) }] };
    expect(promtoolOn(['check', 'rules'], rules)).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  it('read the event-loop delay beyond the 50 ms sampling interval: 0 for a loop that is never late, the delay for a late one', () => {
    const { expr } = panelQueries().find((q) => q.dashboard === 'chat.json' && q.expr.includes('eloquent_nodejs_eventloop_lag_p99_seconds'))!;
    // Node's histogram reads the whole time between samples: 50 ms for a loop never late (a
    // sample a little early reads under it), 173 ms for a loop 123 ms late.
    const test = {
      rule_files: [],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: 'eloquent_nodejs_eventloop_lag_p99_seconds{service="chat", instance="idle"}', values: '0.05' },
            { series: 'eloquent_nodejs_eventloop_lag_p99_seconds{service="chat", instance="early"}', values: '0.0499' },
            { series: 'eloquent_nodejs_eventloop_lag_p99_seconds{service="chat", instance="late"}', values: '0.173' },
          ],
          promql_expr_test: [
            {
              expr,
              eval_time: '0m',
              exp_samples: [
                { labels: '{instance="idle"}', value: 0 },
                { labels: '{instance="early"}', value: 0 },
                { labels: '{instance="late"}', value: 0.173 - 0.05 }, // as Prometheus subtracts: promtool compares exactly
              ],
            },
          ],
        },
      ],
    };
    expect(promtoolOn(['test', 'rules'], test)).toMatch(/SUCCESS/);
  });
});
