import { DEFAULT_PORTS, dockerfile, dockerIgnored, dockerignorePatterns, entryPoint, exists, MIGRATIONS, read, SERVICES } from './deploy-files';

const instructions = dockerfile();
const finalStage = Math.max(...instructions.map((i) => i.stage));
const final = instructions.filter((i) => i.stage === finalStage);
const args = (name: string) => instructions.filter((i) => i.instruction === name).map((i) => i.args);
const run = args('RUN').join('\n');

describe('Dockerfile', () => {
  it('builds every stage on node:20-bookworm-slim', () => {
    const base = /^NODE_IMAGE=(\S+)$/.exec(args('ARG').find((a) => a.startsWith('NODE_IMAGE='))!)![1];
    expect(base).toBe('node:20-bookworm-slim');
    expect(args('FROM').map((f) => f.split(/\s+/)[0])).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}']);
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
