import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allSettings,
  RUNTIME_VARS,
  DEFAULT_PORTS,
  entryPoint,
  exists,
  fakeSecret,
  k8sFiles,
  k8sManifests,
  knownKeys,
  kustomize,
  loadYaml,
  MIGRATIONS,
  OVERLAYS,
  quantity,
  read,
  ROOT,
  SERVICES,
  validateWithBuiltConfig,
  type ConfigCase,
  type Doc,
  type ServiceName,
} from './deploy-files';

const manifests = k8sManifests();
const settings = allSettings();
// What `kubectl apply -k k8s/overlays/prod` sends: the checks below are about production.
const applied = kustomize('k8s/overlays/prod');
const dev = kustomize('k8s/overlays/dev');
const ofKind = (kind: string, docs: Doc[] = applied) => docs.filter((d) => d.kind === kind);
const one = (kind: string, name: string, docs: Doc[] = applied): Doc => {
  // Generated ConfigMaps and Secrets carry a content hash after their name.
  const found = ofKind(kind, docs).filter((d) => d.metadata.name === name || (/^(ConfigMap|Secret)$/.test(kind) && d.metadata.name.startsWith(`${name}-`)));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name} in the rendered overlay, found ${found.length}`);
  return found[0];
};

const configMap = one('ConfigMap', 'eloquent-config');
const secretTemplate = manifests.find((m) => m.doc.kind === 'Secret' && m.file.endsWith('.example.yaml'))!.doc;
const deployments = new Map(SERVICES.map((s) => [s, one('Deployment', s)]));
const job = ofKind('Job')[0];
const container = (service: ServiceName): Doc => deployments.get(service)!.spec.template.spec.containers[0];
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v) && Object.keys(selector).length > 0;
const podsOf = (docs: Doc[]) => docs.filter((d) => d.spec?.template?.spec).map((d) => d.spec.template.spec);

/** The environment a container starts with: ConfigMap, literal values, and stand-ins for the Secret's keys. */
function effectiveEnv(c: Doc, withOptionalSecrets: boolean, docs: Doc[] = applied): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of c.envFrom ?? []) if (source.configMapRef) Object.assign(env, one('ConfigMap', source.configMapRef.name, docs).data);
  for (const variable of c.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (variable.value !== undefined) env[variable.name] = String(variable.value);
    else if (ref) {
      // A Secret the overlay generates gives its real value; an out-of-band one a stand-in.
      const generated = docs.find((d) => d.kind === 'Secret' && d.metadata.name === ref.name);
      if (generated) {
        const value = generated.data?.[ref.key];
        if (value !== undefined) env[variable.name] = Buffer.from(value, 'base64').toString('utf8');
        else if (!ref.optional) throw new Error(`${c.name}: ${ref.name} has no key ${ref.key}`);
      } else if (withOptionalSecrets || !ref.optional) env[variable.name] = fakeSecret(ref.key);
    }
  }
  return env;
}

/** `@Controller('v1') … @Get('chats/:chatId')` in apps/gateway/src → `/v1/chats/x`. */
function gatewayRoutes(): string[] {
  const dir = 'apps/gateway/src';
  const files = (readdirSync(join(ROOT, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
  return files.flatMap((file) => {
    const text = read(`${dir}/${file}`);
    const controller = /@Controller\(\s*(?:'([^']*)')?\s*\)/.exec(text);
    if (!controller) return [];
    return [...text.matchAll(/@(?:Get|Post|Put|Patch|Delete|All)\(\s*(?:'([^']*)')?\s*\)/g)].map((route) =>
      `/${[controller[1], route[1]].filter(Boolean).join('/')}`.replace(/:\w+/g, 'x').replace(/\/+/g, '/'),
    );
  });
}

describe('Kubernetes manifests (k8s/)', () => {
  it('are all well-formed: apiVersion, kind and a DNS-1123 metadata.name', () => {
    expect(manifests.length).toBeGreaterThan(10);
    for (const { file, doc } of manifests) {
      const where = `${file}: ${doc.kind}/${doc.metadata?.name}`;
      expect([where, typeof doc.apiVersion, typeof doc.kind]).toEqual([where, 'string', 'string']);
      if (!/^(Kustomization|Component)$/.test(doc.kind))
        expect([where, doc.metadata?.name]).toEqual([where, expect.stringMatching(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)]);
    }
  });

  it('each kustomization lists every manifest of its folder (except the Secret template), and nothing else', () => {
    const folders = k8sFiles()
      .filter((f) => f.endsWith('/kustomization.yaml'))
      .map((f) => f.slice(0, -'/kustomization.yaml'.length));
    expect(folders.sort()).toEqual(expect.arrayContaining(['base', 'components/bundled-data', 'components/external-secret', 'overlays/dev', 'overlays/prod']));
    for (const folder of folders) {
      const kustomization = loadYaml(`k8s/${folder}/kustomization.yaml`);
      const own = k8sFiles()
        .filter((f) => f.startsWith(`${folder}/`) && !f.slice(folder.length + 1).includes('/'))
        .map((f) => f.slice(folder.length + 1))
        .filter((f) => f !== 'kustomization.yaml' && !f.endsWith('.example.yaml'));
      const local = ((kustomization.resources ?? []) as string[]).filter((r) => !r.startsWith('..'));
      expect([folder, [...local].sort()]).toEqual([folder, own]);
    }
    const base = loadYaml('k8s/base/kustomization.yaml');
    expect(base.namespace).toBe(one('Namespace', 'eloquent').metadata.name);
    for (const overlay of OVERLAYS) expect([overlay, loadYaml(`${overlay}/kustomization.yaml`).namespace]).toEqual([overlay, base.namespace]);
    for (const docs of [applied, dev])
      for (const doc of docs)
        if (doc.kind !== 'Namespace') expect([doc.kind, doc.metadata.name, doc.metadata.namespace]).toEqual([doc.kind, doc.metadata.name, base.namespace]);
    // Every image the base names is set by the base and by each overlay.
    const named = new Set(
      podsOf(kustomize('k8s/base')).flatMap((pod) => [...(pod.initContainers ?? []), ...pod.containers].map((c: Doc) => c.image.split(':')[0])),
    );
    expect(named.size).toBe(2);
    for (const overlay of OVERLAYS) {
      const images = (loadYaml(`${overlay}/kustomization.yaml`).images as Doc[]).map((i) => i.name);
      expect([overlay, images.sort()]).toEqual([overlay, base.images.map((i: Doc) => i.name).sort()]);
    }
  });

  it('embedding runs the image with the ONNX runtime; every other workload the smaller core image', () => {
    const imageOf = (name: string) =>
      new Set(podsOf(ofKind('Deployment').filter((d) => d.metadata.name === name)).flatMap((p) => p.containers.map((c: Doc) => c.image)));
    expect([...imageOf('embedding')]).toEqual(['registry.example.com/eloquent-embedding:0.1.0']);
    for (const service of ['gateway', 'chat', 'retrieval']) expect([...imageOf(service)]).toEqual(['registry.example.com/eloquent:0.1.0']);
    const jobPod = job.spec.template.spec;
    expect(new Set([...jobPod.initContainers, ...jobPod.containers].map((c: Doc) => c.image))).toEqual(new Set(['registry.example.com/eloquent:0.1.0']));
  });

  it('prod runs Postgres and Redis nowhere (managed services reached through the Secret); dev bundles both', () => {
    const dataImages = (docs: Doc[]) =>
      podsOf(docs)
        .flatMap((pod) => pod.containers.map((c: Doc) => c.image))
        .filter((i: string) => /postgres|redis/.test(i));
    expect(dataImages(applied)).toEqual([]);
    expect(Object.keys(secretTemplate.stringData)).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']));
    expect(dataImages(dev).sort()).toEqual(['postgres:15', 'redis:7']);
    // dev's generated Secret points the services at the bundled ones.
    const secret = one('Secret', 'eloquent-secrets', dev);
    const value = (key: string) => Buffer.from(secret.data[key], 'base64').toString('utf8');
    expect(new URL(value('DATABASE_URL')).hostname).toBe(one('Service', 'postgres', dev).metadata.name);
    expect(new URL(value('DATABASE_URL')).password).toBe(value('POSTGRES_PASSWORD'));
    expect(new URL(value('REDIS_URL')).hostname).toBe(one('Service', 'redis', dev).metadata.name);
    const postgresEnv = one('StatefulSet', 'postgres', dev).spec.template.spec.containers[0].env;
    expect(postgresEnv.find((e: Doc) => e.name === 'POSTGRES_PASSWORD').valueFrom.secretKeyRef.name).toBe(secret.metadata.name);
  });

  it('prod gets its Secret from an ExternalSecret with the name every workload reads', () => {
    const [externalSecret] = ofKind('ExternalSecret');
    expect(externalSecret.spec.target.name).toBe(secretTemplate.metadata.name);
    expect(ofKind('Secret')).toEqual([]); // never applied with the manifests (it would reset the values)
    const refs = new Set(
      podsOf(applied).flatMap((pod) =>
        [...(pod.initContainers ?? []), ...pod.containers].flatMap((c: Doc) => (c.env ?? []).map((e: Doc) => e.valueFrom?.secretKeyRef?.name).filter(Boolean)),
      ),
    );
    expect([...refs]).toEqual([secretTemplate.metadata.name]);
  });

  it('every pod runs as the eloquent ServiceAccount, which mounts no API token', () => {
    for (const docs of [applied, dev]) {
      const [account] = ofKind('ServiceAccount', docs);
      expect(account.automountServiceAccountToken).toBe(false);
      for (const pod of podsOf(docs)) expect([pod.serviceAccountName, pod.automountServiceAccountToken]).toEqual([account.metadata.name, false]);
    }
  });

  it('a change of configuration rolls every Deployment (the ConfigMap name carries a content hash)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'eloquent-k8s-'));
    try {
      cpSync(join(ROOT, 'k8s'), join(copy, 'k8s'), { recursive: true });
      const config = join(copy, 'k8s/base/config.env');
      writeFileSync(config, readFileSync(config, 'utf8').replace(/^LOG_LEVEL=.*$/m, 'LOG_LEVEL=warn'));
      const changed = kustomize(join(copy, 'k8s/overlays/prod'));
      const before = one('ConfigMap', 'eloquent-config').metadata.name;
      const after = one('ConfigMap', 'eloquent-config', changed).metadata.name;
      expect(after).not.toBe(before);
      for (const service of SERVICES) {
        const refs = (docs: Doc[]) => one('Deployment', service, docs).spec.template.spec.containers[0].envFrom.map((e: Doc) => e.configMapRef.name);
        expect([service, refs(applied), refs(changed)]).toEqual([service, [before], [after]]);
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  describe.each(SERVICES)('Deployment %s', (service) => {
    const deployment = deployments.get(service)!;
    const pod = deployment.spec.template.spec;
    const c = container(service);
    const port = c.ports.find((p: Doc) => p.name === 'http');

    it('starts the service built from apps/<service>/src/main.ts', () => {
      expect(deployment.spec.template.spec.containers).toHaveLength(1);
      expect(c.command.at(-1)).toBe(entryPoint(service));
      expect(exists(`apps/${service}/src/main.ts`)).toBe(true);
      expect(exists(entryPoint(service))).toBe(true); // after `npm run build`
    });

    it("listens where the service's config says, and exposes metrics there", () => {
      const env = Object.fromEntries((c.env ?? []).filter((e: Doc) => e.value !== undefined).map((e: Doc) => [e.name, String(e.value)]));
      expect(settings.get(service)!.get('PORT')!.default).toBe(String(DEFAULT_PORTS[service]));
      expect(port.containerPort).toBe(DEFAULT_PORTS[service]);
      expect(env.PORT).toBe(String(port.containerPort));
      expect(deployment.spec.template.metadata.annotations).toEqual({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port.containerPort),
        'prometheus.io/path': '/metrics',
      });
    });

    it('probes /health (liveness, startup) and /health/ready (readiness) on that port', () => {
      const probe = (p: Doc) => ({ path: p?.httpGet?.path, port: p?.httpGet?.port === 'http' ? port.containerPort : p?.httpGet?.port });
      expect(probe(c.livenessProbe)).toEqual({ path: '/health', port: port.containerPort });
      expect(probe(c.startupProbe)).toEqual({ path: '/health', port: port.containerPort });
      expect(probe(c.readinessProbe)).toEqual({ path: '/health/ready', port: port.containerPort });
      // The readiness checks give up after 3 s; the probe must wait longer than that.
      expect(c.readinessProbe.timeoutSeconds).toBeGreaterThan(3);
    });

    it('stops gracefully: preStop sleep, then the drain, within terminationGracePeriodSeconds', () => {
      const sleep = c.lifecycle.preStop.exec.command;
      expect(sleep[0]).toBe('sleep');
      const graceMs = Number(configMap.data.SHUTDOWN_GRACE_MS ?? settings.get(service)!.get('SHUTDOWN_GRACE_MS')!.default);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Number(sleep[1]) + graceMs / 1000);
    });

    it('runs as a non-root user on a read-only root filesystem with a writable /tmp', () => {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      const tmp = c.volumeMounts.find((m: Doc) => m.mountPath === '/tmp');
      expect(pod.volumes.find((v: Doc) => v.name === tmp.name).emptyDir).toBeDefined();
      expect(pod.automountServiceAccountToken).toBe(false);
    });

    it('requests and limits CPU and memory', () => {
      for (const resource of ['cpu', 'memory']) {
        expect(quantity(c.resources.requests[resource])).toBeGreaterThan(0);
        expect(quantity(c.resources.limits[resource])).toBeGreaterThanOrEqual(quantity(c.resources.requests[resource]));
      }
    });

    it('sets only variables the service reads, secrets from the Secret template', () => {
      const names = (c.env ?? []).map((e: Doc) => e.name);
      expect(names.filter((n: string) => !RUNTIME_VARS.has(n) && !settings.get(service)!.has(n))).toEqual([]);
      for (const ref of (c.env ?? []).map((e: Doc) => e.valueFrom?.secretKeyRef).filter(Boolean)) {
        expect(ref.name).toBe(secretTemplate.metadata.name);
        expect(Object.keys(secretTemplate.stringData)).toContain(ref.key);
      }
      expect(c.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
    });

    it('is selected by a Service on its port and covered by one PodDisruptionBudget', () => {
      const labels = deployment.spec.template.metadata.labels;
      expect(matches(deployment.spec.selector.matchLabels, labels)).toBe(true);
      const services = ofKind('Service').filter((s) => matches(s.spec.selector, labels));
      expect(services).toHaveLength(1);
      expect(services[0].spec.ports.map((p: Doc) => p.targetPort)).toEqual(['http']);
      const budgets = ofKind('PodDisruptionBudget').filter((b) => matches(b.spec.selector.matchLabels, labels));
      expect(budgets).toHaveLength(1);
      expect(budgets[0].spec.maxUnavailable).toBe(1);
    });
  });

  it('every env var, ConfigMap key and Secret key is a setting some service reads', () => {
    const known = knownKeys();
    const referenced = [
      ...Object.keys(configMap.data),
      ...Object.keys(secretTemplate.stringData),
      ...podsOf(ofKind('Deployment').concat(ofKind('Job'))).flatMap((pod) =>
        [...(pod.initContainers ?? []), ...pod.containers].flatMap((c: Doc) => (c.env ?? []).map((e: Doc) => e.name)),
      ),
    ];
    expect(referenced.filter((k) => !known.has(k))).toEqual([]);
    // and every Secret key is used by some workload
    const used = new Set(
      podsOf(applied).flatMap((pod) =>
        [...(pod.initContainers ?? []), ...pod.containers].flatMap((c: Doc) => (c.env ?? []).map((e: Doc) => e.valueFrom?.secretKeyRef?.key)),
      ),
    );
    expect(Object.keys(secretTemplate.stringData).filter((k) => !used.has(k))).toEqual([]);
  });

  it('the Secret template carries no values', () => {
    expect(Object.values(secretTemplate.stringData).filter((v) => v !== '')).toEqual([]);
  });

  it("each service's configuration validates with its own config loader (dist/)", () => {
    const cases: ConfigCase[] = SERVICES.flatMap((service) => [
      { label: `${service}, all secrets`, service, env: effectiveEnv(container(service), true) },
      { label: `${service}, required secrets only`, service, env: effectiveEnv(container(service), false) },
    ]);
    const pod = job.spec.template.spec;
    for (const c of [...pod.initContainers, ...pod.containers]) {
      const service = (['chat', 'retrieval'] as const).find((s) => c.command.join(' ').includes(`apps/${s}/`))!;
      cases.push({ label: `migration Job ${c.name}`, service, env: effectiveEnv(c, false) });
    }
    // dev: its own ConfigMap and generated Secret, exactly as the pods get them.
    const devDeployment = (service: ServiceName) => one('Deployment', service, dev).spec.template.spec.containers[0];
    for (const service of SERVICES) cases.push({ label: `dev ${service}`, service, env: effectiveEnv(devDeployment(service), false, dev) });
    const failures = Object.entries(validateWithBuiltConfig(cases)).filter(([, error]) => error !== null);
    expect(failures).toEqual([]);
  });

  it('the migration Job runs both migrations, in order, and the services leave migrations to it', () => {
    const pod = job.spec.template.spec;
    const commands = [...pod.initContainers, ...pod.containers].map((c: Doc) => c.command.at(-1));
    expect(commands).toEqual(MIGRATIONS);
    for (const file of MIGRATIONS) expect(exists(file)).toBe(true);
    expect(pod.restartPolicy).toBe('Never');
    // It deletes itself once finished, so the next release's apply can create it anew.
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(configMap.data.DB_MIGRATE_ON_BOOT).toBe('false');
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      expect(c.env.find((e: Doc) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef.key).toBe('DATABASE_URL');
    }
  });

  it('autoscales all four services (and leaves their replica count to the autoscaler): 2+ in prod, 1–2 in dev', () => {
    for (const [docs, min] of [
      [applied, 2],
      [dev, 1],
    ] as const) {
      const targets = ofKind('HorizontalPodAutoscaler', docs).map((h) => {
        expect(h.spec.scaleTargetRef.kind).toBe('Deployment');
        expect(h.spec.minReplicas).toBeGreaterThanOrEqual(min);
        expect(h.spec.maxReplicas).toBeGreaterThan(h.spec.minReplicas);
        expect(one('Deployment', h.spec.scaleTargetRef.name, docs).spec.replicas).toBeUndefined();
        return h.spec.scaleTargetRef.name;
      });
      expect(targets.sort()).toEqual([...SERVICES].sort());
    }
  });

  it('the Ingress routes public paths to the gateway only, websocket-friendly and without stickiness', () => {
    const ingresses = ofKind('Ingress');
    expect(ingresses).toHaveLength(1);
    const [ingress] = ingresses;
    const gatewayService = ofKind('Service').find((s) => matches(s.spec.selector, deployments.get('gateway')!.spec.template.metadata.labels))!;
    const paths = ingress.spec.rules.flatMap((r: Doc) => r.http.paths);
    for (const p of paths) {
      expect(p.backend.service.name).toBe(gatewayService.metadata.name);
      expect(gatewayService.spec.ports.map((sp: Doc) => sp.name)).toContain(p.backend.service.port.name);
    }
    const routed = (path: string) =>
      paths.some((p: Doc) => (p.pathType === 'Exact' ? p.path === path : path === p.path || path.startsWith(`${p.path.replace(/\/$/, '')}/`)));
    // Every HTTP route the gateway declares, socket.io and liveness are reachable…
    const routes = gatewayRoutes();
    expect(routes.length).toBeGreaterThan(3);
    expect([...routes, '/socket.io/', '/health'].filter((r) => !routed(r))).toEqual([]);
    // …and operators' endpoints stay inside the cluster.
    expect(['/metrics', '/health/ready'].filter(routed)).toEqual([]);
    const annotations = ingress.metadata.annotations;
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(3600);
    const maxPayload = Number(configMap.data.MAX_PAYLOAD_BYTES ?? settings.get('gateway')!.get('MAX_PAYLOAD_BYTES')!.default);
    expect(quantity(String(annotations['nginx.ingress.kubernetes.io/proxy-body-size']).replace(/m$/, 'Mi'))).toBeGreaterThanOrEqual(maxPayload);
    expect(Object.keys(annotations).filter((a) => /affinity|sticky/.test(a))).toEqual([]);
  });

  it('NetworkPolicies deny all ingress except to the gateway (and metrics scraping)', () => {
    const policies = ofKind('NetworkPolicy');
    const denyAll = policies.filter((p) => Object.keys(p.spec.podSelector).length === 0 && p.spec.policyTypes.includes('Ingress') && !p.spec.ingress);
    expect(denyAll).toHaveLength(1);
    const gatewayLabels = deployments.get('gateway')!.spec.template.metadata.labels;
    for (const policy of policies.filter((p) => p.spec.ingress)) {
      for (const rule of policy.spec.ingress) {
        const fromAnywhere = !rule.from || rule.from.length === 0;
        if (fromAnywhere) {
          // Only the gateway, only its port.
          expect(matches(policy.spec.podSelector.matchLabels ?? {}, gatewayLabels)).toBe(true);
          for (const s of SERVICES.filter((x) => x !== 'gateway')) {
            expect(matches(policy.spec.podSelector.matchLabels, deployments.get(s)!.spec.template.metadata.labels)).toBe(false);
          }
          expect(rule.ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
        } else {
          expect(rule.from.every((f: Doc) => f.namespaceSelector || f.podSelector)).toBe(true);
        }
      }
    }
  });

  it('the ConfigMap holds settings, not secrets', () => {
    expect(Object.keys(configMap.data).filter((k) => /KEY|SECRET|TOKEN|PASSWORD|DATABASE_URL|REDIS_URL/.test(k))).toEqual([]);
    expect(Object.values(configMap.data).every((v) => typeof v === 'string')).toBe(true);
  });
});
