import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allSettings,
  RUNTIME_VARS,
  DEFAULT_PORTS,
  dockerfile,
  exists,
  interpolateUnset,
  loadYaml,
  MIGRATIONS,
  ROOT,
  SERVICES,
  validateWithBuiltConfig,
  type Doc,
  type ServiceName,
} from './deploy-files';

const compose = loadYaml('docker-compose.yml');
const services = compose.services as Record<string, Doc>;
const settings = allSettings();
const built = Object.keys(services).filter((name) => services[name].build !== undefined);
const environment = (name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, interpolateUnset(String(v))]));

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 15 and Redis 7 with healthchecks', () => {
    // Docker Hub's images unless POSTGRES_IMAGE / REDIS_IMAGE name stand-ins (tools/offline-images).
    expect(interpolateUnset(services.postgres.image)).toBe('postgres:15');
    expect(interpolateUnset(services.redis.image)).toBe('redis:7');
    for (const name of ['postgres', 'redis']) expect(services[name].healthcheck.test.length).toBeGreaterThan(1);
  });

  it('builds the core image for gateway, chat, retrieval and migrate, and the embedding image for embedding', () => {
    expect(built.sort()).toEqual([...SERVICES, 'migrate'].sort());
    const stages = dockerfile()
      .filter((i) => i.instruction === 'FROM')
      .map((i) => /\bAS\s+(\S+)/i.exec(i.args)?.[1]);
    const targetOf = (name: string) => services[name].build.target;
    for (const name of built) {
      const build = services[name].build;
      expect(exists(join(build.context, build.dockerfile ?? 'Dockerfile'))).toBe(true);
      expect(stages).toContain(targetOf(name));
      expect(interpolateUnset(build.args.NODE_IMAGE)).toBe('node:20-bookworm-slim');
    }
    expect(targetOf('embedding')).toBe('embedding');
    const core = built.filter((name) => name !== 'embedding');
    expect(new Set(core.map(targetOf))).toEqual(new Set(['core']));
    expect(new Set(core.map((name) => services[name].image))).toEqual(new Set([services.gateway.image]));
    expect(services.embedding.image).not.toBe(services.gateway.image);
  });

  it.each(SERVICES)('%s runs its own entry point on its default port', (service) => {
    const env = environment(service);
    expect(env.SERVICE).toBe(service);
    expect(services[service].command).toBeUndefined(); // the image's CMD picks dist/apps/$SERVICE/src/main.js
    expect(dockerfile().find((i) => i.instruction === 'CMD')!.args).toContain('dist/apps/$SERVICE/src/main.js');
    expect(exists(`dist/apps/${service}/src/main.js`)).toBe(true);
    expect(env.PORT).toBe(String(DEFAULT_PORTS[service]));
  });

  it.each(SERVICES)('%s sets only variables it reads, and starts after the infrastructure and migrations', (service) => {
    const env = environment(service);
    expect(Object.keys(env).filter((k) => !RUNTIME_VARS.has(k) && !settings.get(service)!.has(k))).toEqual([]);
    expect(services[service].depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(services[service].env_file).toEqual([{ path: '.env', required: false }]);
    if (settings.get(service)!.has('DB_MIGRATE_ON_BOOT')) expect(env.DB_MIGRATE_ON_BOOT).toBe('false');
  });

  it('waits for services that have a healthcheck (their own, or the image HEALTHCHECK)', () => {
    const imageHealthcheck = dockerfile().some((i) => i.instruction === 'HEALTHCHECK' && !/^NONE/i.test(i.args));
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries((service.depends_on ?? {}) as Record<string, { condition: string }>)) {
        expect([name, target, Object.keys(services).includes(target)]).toEqual([name, target, true]);
        if (condition === 'service_healthy')
          expect([target, !!services[target].healthcheck?.test || (built.includes(target) && imageHealthcheck)]).toEqual([target, true]);
      }
    }
    expect(Object.keys(services.gateway.depends_on)).toEqual(expect.arrayContaining(['chat', 'retrieval', 'embedding']));
  });

  it('migrate runs both migrations once against the compose database', () => {
    const command = services.migrate.command.join(' ');
    for (const file of MIGRATIONS) {
      expect(command).toContain(`node ${file}`);
      expect(exists(file)).toBe(true);
    }
    expect(services.migrate.restart).toBe('no');
    expect(services.migrate.healthcheck).toEqual({ disable: true });
    expect(environment('migrate').DATABASE_URL).toBe(environment('chat').DATABASE_URL);
    expect(new URL(environment('chat').DATABASE_URL).hostname).toBe('postgres');
    expect(new URL(environment('chat').DATABASE_URL).pathname).toBe(`/${services.postgres.environment.POSTGRES_DB}`);
  });

  it('mounts the knowledge base for retrieval SEED_DIR', () => {
    const seedDir = environment('retrieval').SEED_DIR;
    const mount = (services.retrieval.volumes as string[]).map((v) => v.split(':')).find(([, target]) => seedDir.startsWith(`${target}/`))!;
    expect(mount).toBeDefined();
    const hostDir = join(ROOT, mount[0], seedDir.slice(mount[1].length));
    expect(readdirSync(hostDir).filter((f) => f.endsWith('.md')).length).toBeGreaterThan(0);
  });

  it('mounts the sample synonyms for chat SYNONYMS_FILE', () => {
    const file = environment('chat').SYNONYMS_FILE;
    const mount = (services.chat.volumes as string[]).map((v) => v.split(':')).find(([, target]) => file.startsWith(`${target}/`))!;
    expect(mount).toBeDefined();
    expect(readFileSync(join(ROOT, mount[0], file.slice(mount[1].length)), 'utf8')).toMatch(/^hacked, /m);
  });

  it('publishes the gateway only (and, on loopback, the observability profile: Prometheus, Grafana)', () => {
    const monitoring = (name: string) => ((services[name].profiles ?? []) as string[]).includes('observability');
    const published = Object.keys(services).filter((name) => services[name].ports && !monitoring(name));
    expect(published).toEqual(['gateway']);
    for (const name of Object.keys(services).filter(monitoring)) for (const port of services[name].ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    expect(services.gateway.ports.map((p: string) => interpolateUnset(p))).toEqual([`${DEFAULT_PORTS.gateway}:${DEFAULT_PORTS.gateway}`]);
  });

  it('gives SIGTERM more time than the services take to drain', () => {
    const seconds = (d: string) => Number(/^(\d+)s$/.exec(d)![1]);
    for (const service of SERVICES) {
      const graceMs = Number(environment(service).SHUTDOWN_GRACE_MS ?? settings.get(service)!.get('SHUTDOWN_GRACE_MS')!.default);
      expect(seconds(services[service].stop_grace_period)).toBeGreaterThan(graceMs / 1000);
    }
  });

  it("each service's environment validates with its own config loader (dist/)", () => {
    const cases = [...SERVICES, 'migrate'].map((name) => ({
      label: name,
      service: (name === 'migrate' ? 'chat' : name) as ServiceName,
      env: Object.fromEntries(Object.entries(environment(name)).filter(([k]) => k !== 'SERVICE')),
    }));
    expect(Object.entries(validateWithBuiltConfig(cases)).filter(([, error]) => error !== null)).toEqual([]);
  });
});
