import { freePort } from '@eloquent/testing';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

/** `npm start` (the built script) failing at start-up: what it prints must point at the cause. */
const ROOT = resolve(__dirname, '../../..');
const START = join(ROOT, 'dist/tools/stack/start.js');

function start(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [START], { env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env }, timeout: 60_000 }, () => undefined);
    let output = '';
    child.stdout!.on('data', (chunk: string) => (output += chunk));
    child.stderr!.on('data', (chunk: string) => (output += chunk));
    child.on('exit', (code) => done({ code, output }));
  });
}

describe('npm start failing at start-up', () => {
  it('with no PostgreSQL at DATABASE_URL: names the address and the setting', async () => {
    const port = await freePort();
    const { code, output } = await start({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/eloquent` });
    expect(code).toBe(1);
    expect(output).toContain(`Is PostgreSQL running at 127.0.0.1:${port} (DATABASE_URL)?`);
  }, 60_000);

  it('with a bad setting: shows the services’ own message naming it, not a hint about PostgreSQL', async () => {
    const { code, output } = await start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', LOG_LEVEL: 'loud' });
    expect(code).toBe(1);
    expect(output).toMatch(/invalid configuration:\s+- LOG_LEVEL: /);
    expect(output).toContain('say why');
    expect(output).not.toContain('Is PostgreSQL running');
    expect(output).not.toContain('Service Unavailable Exception');
  }, 60_000);
});
