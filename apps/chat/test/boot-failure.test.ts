import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The built chat service started with an unreachable Postgres or Redis: one JSON line, exit 1. */
const MAIN = join(resolve(__dirname, '../../..'), 'dist/apps/chat/src/main.js');

async function boot(env: NodeJS.ProcessEnv): Promise<{ code: number; lines: string[] }> {
  try {
    await promisify(execFile)(process.execPath, [MAIN], { env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env }, timeout: 20_000 });
    return { code: 0, lines: [] };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, lines: `${stdout}${stderr}`.split('\n').filter((l) => l.trim()) };
  }
}

describe('chat boot failure', () => {
  it('a bad DATABASE_URL: one JSON line naming the setting and the address, no stack trace', async () => {
    const { code, lines } = await boot({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/eloquent', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 60, service: 'chat', setting: 'DATABASE_URL', address: '127.0.0.1:1' });
  });

  it('a bad REDIS_URL: the same for REDIS_URL', async () => {
    const { code, lines } = await boot({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', REDIS_URL: 'redis://127.0.0.1:1' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 60, service: 'chat', setting: 'REDIS_URL', address: '127.0.0.1:1' });
  });

  it('an invalid setting: one JSON line naming it', async () => {
    const { code, lines } = await boot({ LOG_LEVEL: 'loud' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 60, service: 'chat', setting: 'LOG_LEVEL' });
  });
});
