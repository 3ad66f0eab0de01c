// Runs a built tool: `node tools/run.mjs <tool> [args]` → dist/tools/<tool>/main.js (building
// first if needed), with the tool's exit code. Tools read REDIS_URL etc., so a .env file in the
// current folder is loaded first (settings already in the environment win), as for `npm start`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const [tool, ...args] = process.argv.slice(2);
const entry = join(root, 'dist/tools', tool, 'main.js');
if (!existsSync(entry)) execFileSync(process.execPath, [join(root, 'tools/build.mjs')], { stdio: 'inherit' });
if (existsSync('.env') && process.env.NODE_ENV !== 'test') process.loadEnvFile('.env');
const { status, signal } = spawnSync(process.execPath, ['--enable-source-maps', entry, ...args], { stdio: 'inherit' });
process.exit(status ?? (signal ? 1 : 0));
