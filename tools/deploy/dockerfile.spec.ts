import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORTS, dockerfile, dockerIgnored, dockerignorePatterns, entryPoint, exists, MIGRATIONS, read, ROOT, SERVICES } from './deploy-files';

const instructions = dockerfile();
const froms = instructions.filter((i) => i.instruction === 'FROM');
const stageNamed = (name: string) => froms.find((f) => new RegExp(`\\bAS\\s+${name}$`, 'i').test(f.args))!.stage;
// The runtime settings live in `core`; `embedding` is built FROM core and inherits them.
const final = instructions.filter((i) => i.stage === stageNamed('core'));
const args = (name: string) => instructions.filter((i) => i.instruction === name).map((i) => i.args);
const run = args('RUN').join('\n');

/** Installed packages that only `root` (a production dependency) needs, from package-lock.json. */
function exclusiveDependencies(root: string): Set<string> {
  const lock = JSON.parse(read('package-lock.json')).packages as Record<
    string,
    { dev?: boolean; dependencies?: object; optionalDependencies?: object; peerDependencies?: object }
  >;
  const resolvePackage = (from: string, name: string): string | undefined => {
    for (let base = from; ;) {
      const key = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (lock[key]) return key;
      if (!base) return undefined;
      const at = base.lastIndexOf('/node_modules/');
      base = at < 0 ? '' : base.slice(0, at);
    }
  };
  const closure = (roots: string[]) => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length) {
      const key = stack.pop()!;
      if (seen.has(key) || !lock[key] || lock[key].dev) continue;
      seen.add(key);
      const p = lock[key];
      for (const name of Object.keys({ ...p.dependencies, ...p.optionalDependencies, ...p.peerDependencies })) {
        const found = resolvePackage(key, name);
        if (found) stack.push(found);
      }
    }
    return seen;
  };
  const roots = Object.keys(JSON.parse(read('package.json')).dependencies).map((n) => `node_modules/${n}`);
  const without = closure(roots.filter((r) => r !== `node_modules/${root}`));
  return new Set([...closure(roots)].filter((k) => !without.has(k)));
}

const directoryBytes = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + directoryBytes(join(path, entry)), 0);
};

describe('Dockerfile', () => {
  it('builds on node:20-bookworm-slim (or NODE_IMAGE): stages build, core, and embedding on top of core', () => {
    const base = /^NODE_IMAGE=(\S+)$/.exec(args('ARG').find((a) => a.startsWith('NODE_IMAGE='))!)![1];
    expect(base).toBe('node:20-bookworm-slim');
    expect(args('FROM')).toEqual(['${NODE_IMAGE} AS build', '${NODE_IMAGE} AS core', 'core AS embedding']);
    // embedding = core + one layer: the packages the build stage set aside.
    const embedding = instructions.filter((i) => i.stage === stageNamed('embedding') && i.instruction !== 'FROM');
    expect(embedding.map((i) => `${i.instruction} ${i.args}`)).toEqual(['COPY --from=build /onnx/node_modules ./node_modules']);
  });

  it('core leaves out only packages that @huggingface/transformers alone needs, and the large ones all', () => {
    const moved = /for p in ([^;]+); do/.exec(run)![1].trim().split(/\s+/);
    const exclusive = exclusiveDependencies('@huggingface/transformers');
    const top = new Set(
      [...exclusive].map((p) => p.replace(/^node_modules\//, '').split('/node_modules/')[0]).map((p) => (p.startsWith('@') ? p.split('/')[0] : p)),
    );
    for (const p of moved) expect([p, top.has(p) || exclusive.has(`node_modules/${p}`)]).toEqual([p, true]);
    // What stays behind of the closure is small; the ONNX runtimes and sharp are gone.
    const left = [...exclusive].filter((p) => !moved.some((m) => p === `node_modules/${m}` || p.startsWith(`node_modules/${m}/`)));
    const bytes = left.reduce((sum, p) => sum + directoryBytes(join(ROOT, p)), 0);
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    expect(moved).toEqual(expect.arrayContaining(['@huggingface', 'onnxruntime-node', 'onnxruntime-web', 'sharp']));
  });

  it('trusts an extra CA only as a BuildKit secret of the npm install, never stored in a layer', () => {
    const install = instructions.find((i) => i.instruction === 'RUN' && /npm install/.test(i.args))!;
    expect(install.args).toMatch(/--mount=type=secret,id=ca,required=false/);
    expect(install.args).toMatch(/NODE_EXTRA_CA_CERTS=\/run\/secrets\/ca/);
    expect(instructions.filter((i) => /ca-certificates|\.pem|\.crt|NODE_EXTRA_CA_CERTS/.test(i.args) && i.instruction !== 'RUN')).toEqual([]);
  });

  it('installs with npm install (never npm ci), with .npmrc in place, builds, then prunes dev dependencies', () => {
    expect(run).toMatch(/\bnpm install\b/);
    expect(run).not.toMatch(/\bnpm ci\b/);
    const installAt = instructions.findIndex((i) => i.instruction === 'RUN' && /npm install/.test(i.args));
    const npmrcAt = instructions.findIndex((i) => i.instruction === 'COPY' && i.args.split(/\s+/).includes('.npmrc'));
    expect(npmrcAt).toBeGreaterThan(-1);
    expect(npmrcAt).toBeLessThan(installAt);
    expect(run).toMatch(/npm run build && npm prune --omit=dev/);
    // `npm run build` is Nx (each project's build: tools/build.mjs <project>), which needs nx.json.
    expect(JSON.parse(read('package.json')).scripts.build).toBe('nx run-many -t build');
    expect(args('COPY').some((a) => a.split(/\s+/).includes('nx.json'))).toBe(true);
    expect(args('ENV')).toContain('ONNXRUNTIME_NODE_INSTALL=skip');
  });

  it('runs as an unprivileged user, with a HEALTHCHECK on /health/ready at each service port', () => {
    const user = final.filter((i) => i.instruction === 'USER').map((i) => i.args);
    expect(user).toHaveLength(1);
    expect(user[0].split(':')[0]).not.toMatch(/^(root|0)$/);
    const healthcheck = final.find((i) => i.instruction === 'HEALTHCHECK')!.args;
    expect(healthcheck).toContain('/health/ready');
    const ports = JSON.parse(/const d=(\{[^}]*\})/.exec(healthcheck)![1].replace(/(\w+):/g, '"$1":'));
    expect(ports).toEqual(DEFAULT_PORTS);
  });

  it('selects the service by SERVICE, whose entry points exist after `npm run build`', () => {
    const cmd = final.find((i) => i.instruction === 'CMD')!.args;
    expect(cmd).toContain('exec node');
    expect(cmd).toContain('dist/apps/$SERVICE/src/main.js');
    const accepted = /case \\"\$SERVICE\\" in ([\w|]+)\)/.exec(cmd)![1].split('|');
    expect(accepted.sort()).toEqual([...SERVICES].sort());
    for (const file of [...SERVICES.map(entryPoint), ...MIGRATIONS]) expect([file, exists(file)]).toEqual([file, true]);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const patterns = dockerignorePatterns();
    const sources = instructions
      .filter((i) => i.instruction === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((a) => !a.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect([source, exists(source), dockerIgnored(source, patterns)]).toEqual([source, true, false]);
    for (const source of ['tools/build.mjs', 'libs/config/src/index.ts', 'apps/gateway/src/main.ts', 'knowledge-base/help-center']) {
      expect([source, dockerIgnored(source, patterns)]).toEqual([source, false]);
    }
  });

  it('.dockerignore keeps local state and secrets out of the build context', () => {
    const patterns = dockerignorePatterns();
    for (const path of ['node_modules', 'dist', '.git', '.env', '.env.production', 'apps/chat/src/citations/citation-filter.spec.ts']) {
      expect([path, dockerIgnored(path, patterns)]).toEqual([path, true]);
    }
  });
});
