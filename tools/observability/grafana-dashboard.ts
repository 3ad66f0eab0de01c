/**
 * A small builder for Grafana dashboard JSON (schema 39, Grafana ≥ 10): rows of panels laid
 * out three to a row, every query on the `datasource` variable. The dashboards themselves
 * are in dashboards.ts; `npm run observability:generate` writes them to observability/.
 */

export interface Query {
  expr: string;
  /** Legend template, e.g. `{{route}}`. */
  legend?: string;
}

export interface PanelSpec {
  title: string;
  description?: string;
  kind?: 'timeseries' | 'stat';
  /** Grafana unit: `reqps`, `s`, `percentunit`, `short`, `bytes`… */
  unit?: string;
  queries: Query[];
  /** Width in grid columns (24 per row); default 8. */
  width?: number;
  /** Value → text for state panels (breakers). */
  mappings?: Record<number, string>;
  min?: number;
  max?: number;
}

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  rows: RowSpec[];
  tags?: string[];
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const PANEL_HEIGHT = 8;

export function buildDashboard(spec: DashboardSpec): Record<string, unknown> {
  const panels: Array<Record<string, unknown>> = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    let x = 0;
    for (const panel of row.panels) {
      const width = panel.width ?? 8;
      if (x + width > 24) {
        x = 0;
        y += PANEL_HEIGHT;
      }
      panels.push(buildPanel(panel, id++, { h: panel.kind === 'stat' ? 5 : PANEL_HEIGHT, w: width, x, y }));
      x += width;
    }
    y += PANEL_HEIGHT;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['eloquent', ...(spec.tags ?? [])],
    editable: true,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    templating: {
      list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', current: {}, hide: 0, refresh: 1 }],
    },
    annotations: { list: [] },
    links: [{ title: 'Eloquent', type: 'dashboards', tags: ['eloquent'], asDropdown: true }],
    panels,
  };
}

function buildPanel(panel: PanelSpec, id: number, gridPos: Record<string, number>): Record<string, unknown> {
  const mappings = panel.mappings
    ? [{ type: 'value', options: Object.fromEntries(Object.entries(panel.mappings).map(([value, text], index) => [value, { text, index }])) }]
    : [];
  return {
    id,
    type: panel.kind ?? 'timeseries',
    title: panel.title,
    ...(panel.description ? { description: panel.description } : {}),
    datasource: DATASOURCE,
    gridPos,
    fieldConfig: {
      defaults: {
        unit: panel.unit ?? 'short',
        mappings,
        ...(panel.min !== undefined ? { min: panel.min } : {}),
        ...(panel.max !== undefined ? { max: panel.max } : {}),
        ...(panel.kind === 'stat' ? {} : { custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: true } }),
      },
      overrides: [],
    },
    options:
      panel.kind === 'stat'
        ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area', textMode: 'auto' }
        : { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
    targets: panel.queries.map((query, index) => ({
      refId: String.fromCharCode(65 + index),
      datasource: DATASOURCE,
      expr: query.expr,
      legendFormat: query.legend ?? '__auto',
      range: true,
    })),
  };
}

/** Every PromQL expression of a built dashboard (for validation). */
export function dashboardQueries(dashboard: Record<string, unknown>): Array<{ panel: string; expr: string }> {
  const queries: Array<{ panel: string; expr: string }> = [];
  for (const panel of (dashboard.panels ?? []) as Array<{ title: string; targets?: Array<{ expr: string }> }>) {
    for (const target of panel.targets ?? []) queries.push({ panel: panel.title, expr: target.expr });
  }
  return queries;
}
