import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { DASHBOARDS } from './dashboards';
import { RULES_FILE } from './generated-files';
import { buildDashboard, dashboardQueries } from './grafana-dashboard';
import { metricNames, withoutGrafanaVariables } from './promql';

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function loadRules(root: string): Rule[] {
  const file = load(readFileSync(join(root, RULES_FILE), 'utf8')) as { groups: Array<{ rules: Rule[] }> };
  return file.groups.flatMap((group) => group.rules);
}

/** Every panel query of every dashboard, as PromQL (Grafana variables replaced). */
export function panelQueries(): Array<{ dashboard: string; panel: string; expr: string }> {
  return Object.entries(DASHBOARDS).flatMap(([file, spec]) =>
    dashboardQueries(buildDashboard(spec)).map(({ panel, expr }) => ({ dashboard: file, panel, expr: withoutGrafanaVariables(expr) })),
  );
}

/** Series Prometheus itself provides (not any service's /metrics). */
const PROMETHEUS_SERIES = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE']);

/** Metric names the dashboards and rules read that a service must expose (recording rules and Prometheus' own series excluded). */
export function metricsUsed(root: string): Map<string, string[]> {
  const rules = loadRules(root);
  const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
  const used = new Map<string, string[]>();
  const add = (where: string, expr: string) => {
    for (const name of metricNames(expr)) {
      if (recorded.has(name) || PROMETHEUS_SERIES.has(name)) continue;
      used.set(name, [...(used.get(name) ?? []), where]);
    }
  };
  for (const rule of rules) add(`rule ${rule.alert ?? rule.record}`, rule.expr);
  for (const query of panelQueries()) add(`${query.dashboard}: ${query.panel}`, query.expr);
  return used;
}

/**
 * Sample names a `/metrics` page can carry, from its `# TYPE` lines (so a metric counts even
 * before its first observation): a histogram's `_bucket`, `_sum` and `_count`, a summary's
 * quantiles, `_sum` and `_count`, else the name itself.
 */
export function exposedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = match;
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    else if (type === 'summary') for (const suffix of ['', '_sum', '_count']) names.add(name + suffix);
    else names.add(name);
  }
  return names;
}
