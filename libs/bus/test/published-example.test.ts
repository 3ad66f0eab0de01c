import { REPO_ROOT, startTestStack, TEST_REDIS_URL, type TestStack } from '@eloquent/testing';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const EXAMPLE = join(REPO_ROOT, 'examples/bus-client');
/** Inside dist/, so the packages' own dependencies (ioredis, zod) resolve to the repository's node_modules. */
const SANDBOX = join(REPO_ROOT, 'dist/examples/bus-client');

/**
 * examples/bus-client/main.mjs — a plain Node script, no NestJS — run as a user would run
 * it: with @eloquent/bus and @eloquent/contracts installed as packages (the bundles that
 * `npm run build` puts in dist/packages/, copied into node_modules), against the real
 * retrieval service of a running stack.
 */
describe('the published bus client, from a plain Node script', () => {
  let env: TestStack;

  beforeAll(async () => {
    env = await startTestStack('busexample');
    rmSync(SANDBOX, { recursive: true, force: true });
    mkdirSync(join(SANDBOX, 'node_modules/@eloquent'), { recursive: true });
    cpSync(join(EXAMPLE, 'main.mjs'), join(SANDBOX, 'main.mjs'));
    cpSync(join(EXAMPLE, 'package.json'), join(SANDBOX, 'package.json'));
    for (const name of ['bus', 'contracts']) cpSync(join(REPO_ROOT, 'dist/packages', name), join(SANDBOX, 'node_modules/@eloquent', name), { recursive: true });
  }, 400_000);

  afterAll(async () => {
    await env?.stop();
  }, 60_000);

  it('imports the packages, not the sources', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@eloquent/bus'))"], { cwd: SANDBOX });
    expect(realpathSync(new URL(stdout.trim()).pathname)).toBe(join(SANDBOX, 'node_modules/@eloquent/bus/index.mjs'));
  }, 30_000);

  it('ingests documents and finds one with retrieval.ingest and retrieval.search', async () => {
    const { stdout } = await run(process.execPath, ['main.mjs'], {
      cwd: SANDBOX,
      env: { PATH: process.env.PATH, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: env.prefix, EXAMPLE_NAMESPACE: 'bus-example' },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      ingested: Array<{ externalId: string; outcome: string }>;
      top?: { externalId: string; title: string; url?: string };
      legs: string[];
    };
    expect(result.ingested).toEqual([
      { externalId: 'parcel-lockers', outcome: 'created' },
      { externalId: 'returns', outcome: 'created' },
    ]);
    expect(result.top).toEqual({ externalId: 'parcel-lockers', title: 'Parcel lockers', url: 'https://example.com/help/parcel-lockers' });
    expect(result.legs).toContain('bm25');
  }, 90_000);

  it('exits 1 with the stable error code when retrieval refuses the request', async () => {
    const failed = await run(process.execPath, ['main.mjs'], {
      cwd: SANDBOX,
      env: { PATH: process.env.PATH, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: env.prefix, EXAMPLE_NAMESPACE: 'Not A Namespace!' },
      timeout: 60_000,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/^VALIDATION_FAILED: /);
  }, 90_000);
});
