// Bundles the chat widget (libs/widget) for browsers with esbuild: one script, widget.js,
// and its stylesheet, widget.css, into dist/widget/ — the files the gateway serves at
// /widget/ (apps/gateway/src/demo/static-assets.ts). Called by tools/build.mjs.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const outDir = join(root, 'dist/widget');

export async function buildWidget() {
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'libs/widget/src/main.ts')],
    outfile: join(outDir, 'widget.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    tsconfig: join(root, 'tsconfig.json'),
    metafile: true,
    logLevel: 'warning',
  });
  await copyFile(join(root, 'libs/widget/src/widget.css'), join(outDir, 'widget.css'));
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  return { bytes };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const { bytes } = await buildWidget();
  console.log(`build: widget.js ${Math.round(bytes / 1024)} KiB into dist/widget/`);
}
