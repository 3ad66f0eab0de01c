// Builds the publishable libraries into dist/packages/<name>/: ESM (index.mjs) and CommonJS
// (index.cjs) bundles made by esbuild, the package.json from the library's folder, and with
// `--types` the .d.ts files (tsc). Dependencies listed in a package.json stay imports; code
// from this repository's other libs is bundled in. `npm run build` makes the bundles
// (tools/build.mjs); `npm run build:packages` adds the types, then `npm pack dist/packages/<name>`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

/**
 * `inline` narrows a bundled-in lib to the one file the package uses: the bus client needs
 * only the request context (correlation ids) and the Redis connection settings, not those
 * libs' NestJS modules.
 */
const PACKAGES = [
  { name: 'contracts', entry: 'libs/contracts/src/index.ts', types: 'libs/contracts/src/index.ts' },
  {
    name: 'bus',
    entry: 'libs/bus/src/client.ts',
    types: 'libs/bus/src/client.ts',
    inline: {
      '@eloquent/observability': 'libs/observability/src/portable.ts',
      '@eloquent/redis': 'libs/redis/src/create-redis.ts',
    },
  },
  { name: 'client', entry: 'libs/client/src/index.ts', types: 'libs/client/src/index.ts' },
];

const inlinePlugin = (inline = {}) => ({
  name: 'inline-libs',
  setup(builder) {
    for (const [specifier, file] of Object.entries(inline)) {
      builder.onResolve({ filter: new RegExp(`^${specifier.replace('/', '\\/')}$`) }, () => ({ path: join(root, file) }));
    }
  },
});

async function buildPackage(pkg, withTypes) {
  const manifest = JSON.parse(await readFile(join(root, 'libs', pkg.name, 'package.json'), 'utf8'));
  const outDir = join(root, 'dist/packages', pkg.name);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const external = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
  for (const format of ['esm', 'cjs']) {
    await build({
      entryPoints: [join(root, pkg.entry)],
      outfile: join(outDir, format === 'esm' ? 'index.mjs' : 'index.cjs'),
      bundle: true,
      format,
      // The client runs in browsers too: no Node built-ins may slip into it.
      platform: pkg.name === 'client' ? 'neutral' : 'node',
      ...(pkg.name === 'client' ? { mainFields: ['browser', 'module', 'main'] } : {}),
      target: 'es2022',
      sourcemap: true,
      external,
      tsconfig: join(root, 'tsconfig.json'),
      plugins: [inlinePlugin(pkg.inline)],
      logLevel: 'warning',
    });
  }
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await copyFile(join(root, 'libs', pkg.name, 'README.md'), join(outDir, 'README.md')).catch(() => undefined); // optional
  if (withTypes) emitTypes(pkg, outDir);
}

/** Declarations only; other libs' imports resolve to the built contracts' types, or to the inlined files. */
function emitTypes(pkg, outDir) {
  const paths = {
    ...(pkg.name !== 'contracts' ? { '@eloquent/contracts': ['dist/packages/contracts/types/index.d.ts'] } : {}),
    ...Object.fromEntries(Object.entries(pkg.inline ?? {}).map(([specifier, file]) => [specifier, [file]])),
  };
  const config = {
    extends: join(root, 'tsconfig.base.json'),
    compilerOptions: {
      baseUrl: root,
      paths,
      declaration: true,
      emitDeclarationOnly: true,
      sourceMap: false,
      outDir: join(outDir, 'types'),
      ...(pkg.inline ? { rootDir: join(root, 'libs') } : { rootDir: dirname(join(root, pkg.types)) }),
      types: ['node'],
    },
    files: [join(root, pkg.types)],
  };
  const configPath = join(outDir, 'tsconfig.types.json');
  writeFileSync(configPath, JSON.stringify(config));
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', configPath], { stdio: 'inherit' });
  } finally {
    rmSync(configPath);
  }
}

export async function buildPackages({ types = false, only = [] } = {}) {
  const unknown = only.filter((name) => !PACKAGES.some((p) => p.name === name));
  if (unknown.length) throw new Error(`build-packages: no package ${unknown.join(', ')} (known: ${PACKAGES.map((p) => p.name).join(', ')})`);
  const selected = only.length ? PACKAGES.filter((p) => only.includes(p.name)) : PACKAGES;
  // In order: the others' types refer to the contracts' built ones.
  for (const pkg of selected) await buildPackage(pkg, types);
  return selected.map((p) => `@eloquent/${p.name}`);
}

// `node tools/build-packages.mjs [name…] [--types]`: each lib's Nx build bundles its own package.
if (process.argv[1] === new URL(import.meta.url).pathname) {
  const args = process.argv.slice(2);
  const names = await buildPackages({ types: args.includes('--types'), only: args.filter((a) => !a.startsWith('--')) });
  console.log(`build: ${names.join(', ')} into dist/packages/`);
}
