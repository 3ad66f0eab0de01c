// Compiles every TypeScript source under apps/, libs/ and tools/ into dist/ with SWC
// (type checking is `npm run typecheck`). `@eloquent/*` imports are rewritten to
// relative paths at compile time, so the output runs on plain `node`.
import { transformFile } from '@swc/core';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const outDir = join(root, 'dist');
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));
const { paths } = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;

const isSource = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !/\.(spec|test)\.ts$/.test(file);

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'test') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (isSource(path)) yield path;
  }
}

await rm(outDir, { recursive: true, force: true });
const jobs = [];
for (const top of ['apps', 'libs', 'tools']) {
  for await (const file of walk(join(root, top))) {
    jobs.push(
      (async () => {
        const { code, map } = await transformFile(file, {
          ...swcrc,
          swcrc: false,
          filename: file,
          sourceFileName: relative(join(outDir, relative(root, dirname(file))), file),
          jsc: { ...swcrc.jsc, baseUrl: root, paths },
        });
        const out = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
        if (map) await writeFile(`${out}.map`, map);
      })(),
    );
  }
}
await Promise.all(jobs);
console.log(`build: compiled ${jobs.length} files into dist/`);
// The chat widget: one browser bundle (esbuild), served by the gateway.
const { buildWidget } = await import('./build-widget.mjs');
console.log(`build: widget.js ${Math.round((await buildWidget()).bytes / 1024)} KiB into dist/widget/`);
// The publishable libraries' bundles (their types: npm run build:packages).
const { buildPackages } = await import('./build-packages.mjs');
console.log(`build: ${(await buildPackages()).join(', ')} into dist/packages/`);
