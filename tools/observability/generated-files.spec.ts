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
});
