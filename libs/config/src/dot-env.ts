import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Loads `.env` from the current folder (or ENV_FILE) into the environment when the file
 * exists, for `npm start`, `nx serve` and the services run by hand. A setting already in the
 * environment wins over the file. Skipped under NODE_ENV=test, so a developer's .env never
 * changes what the tests see. Returns the file read, if any.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  if (env.NODE_ENV === 'test') return undefined;
  const file = resolve(cwd, env.ENV_FILE ?? '.env');
  if (!existsSync(file)) {
    if (env.ENV_FILE) throw new Error(`ENV_FILE: ${file} does not exist`);
    return undefined;
  }
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[key] === undefined) env[key] = value;
  }
  return file;
}
