import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k8sFiles, kustomize, loadYaml, ROOT, type Doc } from './deploy-files';
import { k8sValidator, SUPPORTED_VERSIONS } from './k8s-schema';

/**
 * Every kustomization that can be built (kind Kustomization: the base, the overlays, and any
 * folder added later); components are checked through the overlays that include them.
 */
const RENDERED: Record<string, Doc[]> = Object.fromEntries(
  k8sFiles()
    .filter((f) => f.endsWith('/kustomization.yaml') && loadYaml(`k8s/${f}`).kind === 'Kustomization')
    .map((f) => `k8s/${f.slice(0, -'/kustomization.yaml'.length)}`)
    .map((dir) => [dir, kustomize(dir)]),
);

const validators = SUPPORTED_VERSIONS.map(k8sValidator);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const deploymentOf = (docs: Doc[], name: string) => docs.find((d) => d.kind === 'Deployment' && d.metadata.name === name)!;

describe('Kubernetes objects against the API schemas (offline, vendored)', () => {
  it('has schema sets for the supported Kubernetes versions, and renders the base and both overlays', () => {
    expect(SUPPORTED_VERSIONS).toEqual(expect.arrayContaining(['1.29', '1.30']));
    expect(Object.keys(RENDERED)).toEqual(expect.arrayContaining(['k8s/base', 'k8s/overlays/dev', 'k8s/overlays/prod', 'k8s/observability']));
  });

  describe.each(validators.map((v) => [v.version, v] as const))('Kubernetes %s', (_version, validator) => {
    it.each(Object.keys(RENDERED))('every object of %s is valid', (name) => {
      // An empty render would pass validation vacuously; the observability kustomization is the smallest (7 objects).
      expect(RENDERED[name].length).toBeGreaterThan(5);
      expect(validator.validate(RENDERED[name])).toEqual([]);
    });
  });

  it('a broken manifest fails: misspelt field, wrong type, missing required field, bad enum value, unknown kind', () => {
    const prod = RENDERED['k8s/overlays/prod'];
    const broken = (change: (d: Doc) => void, name = 'gateway'): Doc => {
      const d = clone(deploymentOf(prod, name));
      change(d);
      return d;
    };
    const cases: Record<string, Doc> = {
      misspelt: broken((d) => (d.spec.template.spec.containers[0].readinesProbe = d.spec.template.spec.containers[0].readinessProbe)),
      wrongType: broken((d) => (d.spec.template.spec.containers[0].ports[0].containerPort = { port: 3000 })),
      missingRequired: broken((d) => delete d.spec.template.spec.containers[0].name),
      badEnum: broken((d) => (d.apiVersion = 'apps/v1beta1')),
      unknownKind: { apiVersion: 'eloquent.dev/v1', kind: 'Chatbot', metadata: { name: 'x' } },
    };
    for (const validator of validators) {
      expect(validator.validate([deploymentOf(prod, 'gateway')])).toEqual([]);
      for (const [label, doc] of Object.entries(cases)) {
        const errors = validator.validate([doc]);
        expect([label, errors.length > 0]).toEqual([label, true]);
      }
      expect(validator.validate([cases.misspelt]).join('\n')).toMatch(/readinesProbe/);
      expect(validator.validate([cases.unknownKind]).join('\n')).toMatch(/no schema for eloquent\.dev\/v1 Chatbot/);
    }
  });

  it('a broken kustomization fails once rendered (a typo in a base manifest)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'eloquent-k8s-'));
    try {
      cpSync(join(ROOT, 'k8s'), join(copy, 'k8s'), { recursive: true });
      const file = join(copy, 'k8s/base/retrieval.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('terminationGracePeriodSeconds: 30', 'terminationGracePeriodSecond: 30'));
      const errors = validators[0].validate(kustomize(join(copy, 'k8s/overlays/prod')));
      expect(errors).toEqual([expect.stringMatching(/^Deployment\/retrieval .*additional properties \(terminationGracePeriodSecond\)/)]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('knows the Prometheus Operator kinds an observability component would add', () => {
    const metadata = { name: 'eloquent', namespace: 'eloquent' };
    const serviceMonitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata,
      spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'eloquent' } }, endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }] },
    };
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata,
      spec: {
        groups: [
          { name: 'eloquent', rules: [{ alert: 'SlowFirstToken', expr: 'histogram_quantile(0.95, x) > 1', for: '10m', labels: { severity: 'warning' } }] },
        ],
      },
    };
    for (const validator of validators) expect(validator.validate([serviceMonitor, rule])).toEqual([]);
    const noExpr = clone(rule);
    delete (noExpr.spec.groups[0].rules[0] as { expr?: string }).expr;
    const noSelector = clone(serviceMonitor) as Doc;
    delete noSelector.spec.selector;
    expect(validators[0].validate([noExpr, noSelector])).toHaveLength(2);
  });

  it('checks the operator kinds too (ExternalSecret)', () => {
    const externalSecret = RENDERED['k8s/overlays/prod'].find((d) => d.kind === 'ExternalSecret')!;
    expect(externalSecret).toBeDefined();
    const wrong = clone(externalSecret);
    wrong.spec.target.creationPolicy = 'Sometimes';
    expect(validators[0].validate([wrong]).join('\n')).toMatch(/creationPolicy must be equal to one of the allowed values/);
  });
});
