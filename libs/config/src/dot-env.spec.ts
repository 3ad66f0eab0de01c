import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDotEnv } from './dot-env';

describe('loadDotEnv', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eloquent-env-'));
    writeFileSync(join(dir, '.env'), '# a comment\nLOG_LEVEL=debug\nREDIS_PREFIX="from-file:"\nDATABASE_URL=postgres://file@127.0.0.1/db\n');
    writeFileSync(join(dir, 'other.env'), 'LOG_LEVEL=warn\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads .env from the folder; settings already in the environment win', () => {
    const env: NodeJS.ProcessEnv = { DATABASE_URL: 'postgres://env@127.0.0.1/db' };
    expect(loadDotEnv(env, dir)).toBe(join(dir, '.env'));
    expect(env).toEqual({ DATABASE_URL: 'postgres://env@127.0.0.1/db', LOG_LEVEL: 'debug', REDIS_PREFIX: 'from-file:' });
  });

  it('does nothing without a file, or under NODE_ENV=test', () => {
    const empty = mkdtempSync(join(tmpdir(), 'eloquent-env-none-'));
    try {
      const env: NodeJS.ProcessEnv = {};
      expect(loadDotEnv(env, empty)).toBeUndefined();
      expect(env).toEqual({});
    } finally {
      rmSync(empty, { recursive: true });
    }
    const test: NodeJS.ProcessEnv = { NODE_ENV: 'test' };
    expect(loadDotEnv(test, dir)).toBeUndefined();
    expect(test).toEqual({ NODE_ENV: 'test' });
  });

  it('ENV_FILE names another file, which must exist', () => {
    const env: NodeJS.ProcessEnv = { ENV_FILE: 'other.env' };
    loadDotEnv(env, dir);
    expect(env.LOG_LEVEL).toBe('warn');
    expect(() => loadDotEnv({ ENV_FILE: 'missing.env' }, dir)).toThrow(/ENV_FILE: .*missing\.env does not exist/);
  });
});
