// Compiles the TypeScript sources of Nx projects into dist/ with SWC (type checking is
// `npm run typecheck`). `@eloquent/*` imports are rewritten to relative paths at compile time,
// so the output runs on plain `node`; each source file lands at dist/<its path>.js. Static
// files a service serves as they are (.html, .css: the gateway's demo page) are copied to
// dist/<their path>.
//
//   node tools/build.mjs apps/gateway    one project (what `nx run gateway:build` runs)
//   node tools/build.mjs                 every project (a fallback for tools/run.mjs)
//
// A project's output is dist/<project root>, minus the folders of projects nested inside it
// (tools/deploy inside tools): each build rewrites only its own files, so `nx run-many -t build`
// can build projects in parallel and Nx can cache and restore each output on its own.
import { transformFile } from '@swc/core';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
// BUILD_OUT_DIR: another output folder (the workspace tests build into a temporary one).
const outDir = resolve(root, process.env.BUILD_OUT_DIR ?? 'dist');
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));
const { paths } = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;

const SKIPPED_FOLDERS = new Set(['node_modules', 'test', 'fixtures', 'dist', 'coverage']);
const isSource = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !/\.(spec|test)\.ts$/.test(file);
const isStatic = (file) => /\.(html|css)$/.test(file);

/** Every folder holding a project.json under apps/, libs/ and tools/ (relative to the root). */
async function projectRoots() {
  const roots = [];
  async function visit(dir) {
    const entries = await readdir(join(root, dir), { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name === 'project.json')) roots.push(dir);
    for (const e of entries) if (e.isDirectory() && !SKIPPED_FOLDERS.has(e.name)) await visit(join(dir, e.name));
  }
  for (const top of ['apps', 'libs', 'tools']) if (existsSync(join(root, top))) await visit(top);
  return roots;
}

async function* sources(dir, nested) {
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !nested.has(path)) yield* sources(path, nested);
    } else if (isSource(path) || isStatic(path)) yield path;
  }
}

/** Removes dist/<project> except the outputs of nested projects. */
async function clean(project, nested) {
  const dir = join(outDir, project);
  if (!existsSync(dir)) return;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(project, entry.name);
    if (nested.has(path)) continue;
    if (entry.isDirectory() && [...nested].some((n) => n.startsWith(`${path}/`))) await clean(path, nested);
    else await rm(join(outDir, path), { recursive: true, force: true });
  }
}

async function copy(file) {
  const out = join(outDir, file);
  await mkdir(dirname(out), { recursive: true });
  await copyFile(join(root, file), out);
}

async function compile(file) {
  const absolute = join(root, file);
  const out = join(outDir, file).replace(/\.ts$/, '.js');
  const { code, map } = await transformFile(absolute, {
    ...swcrc,
    swcrc: false,
    filename: absolute,
    sourceFileName: relative(dirname(out), absolute),
    jsc: { ...swcrc.jsc, baseUrl: root, paths },
  });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
  if (map) await writeFile(`${out}.map`, map);
}

const all = await projectRoots();
const requested = process.argv.slice(2).map((p) => relative(root, resolve(root, p)));
for (const project of requested) if (!all.includes(project)) throw new Error(`build: ${project} is not a project folder (no project.json)`);
const targets = requested.length ? requested : all;

let files = 0;
for (const project of targets) {
  const nested = new Set(all.filter((other) => other.startsWith(`${project}/`)));
  await clean(project, nested);
  const jobs = [];
  for await (const file of sources(project, nested)) jobs.push(isStatic(file) ? copy(file) : compile(file));
  await Promise.all(jobs);
  files += jobs.length;
}
console.log(`build: compiled ${files} files of ${targets.length === 1 ? targets[0] : `${targets.length} projects`} into dist/`);
