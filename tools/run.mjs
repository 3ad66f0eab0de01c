// Runs a built tool: `node tools/run.mjs <tool>` → dist/tools/<tool>/main.js (building first if needed).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const [tool, ...args] = process.argv.slice(2);
const entry = join(root, 'dist/tools', tool, 'main.js');
if (!existsSync(entry)) execFileSync(process.execPath, [join(root, 'tools/build.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, ['--enable-source-maps', entry, ...args], { stdio: 'inherit' });
