import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The pre-commit hook, in a throw-away git repository laid out like this one (its package.json,
 * .husky/, Prettier settings and node_modules): `npm install`'s prepare step installs it, and a
 * commit formats its staged files and refuses one that fails lint.
 */
const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);
const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

describe('pre-commit hook (husky + lint-staged)', () => {
  let repo: string;
  const git = (...args: string[]) => run('git', args, { cwd: repo, env: { ...process.env, ...GIT_ENV, HUSKY: '' } });
  const prepare = (env: NodeJS.ProcessEnv = {}, cwd = repo) =>
    run(process.execPath, [join(ROOT, 'tools/hooks/install.mjs')], { cwd, env: { ...process.env, HUSKY: '', ...env } });

  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'eloquent-hooks-'));
    await run('git', ['init', '-q', repo]);
    for (const file of ['package.json', '.prettierrc.json', '.prettierignore', '.husky/pre-commit']) {
      mkdirSync(join(repo, file, '..'), { recursive: true });
      copyFileSync(join(ROOT, file), join(repo, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
    // The hook runs the repository's own ESLint; this stand-in config (typescript-eslint's
    // recommended rules) keeps the test about the hook, not about the workspace graph.
    writeFileSync(
      join(repo, 'eslint.config.mjs'),
      "import tseslint from 'typescript-eslint';\nexport default tseslint.config(...tseslint.configs.recommended);\n",
    );
    writeFileSync(join(repo, '.gitignore'), 'node_modules\n');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('prepare skips without failing when told to or when there is no git checkout', async () => {
    expect((await prepare({ HUSKY: '0' })).stdout).toContain('skipped (HUSKY=0)');
    const plain = mkdtempSync(join(tmpdir(), 'eloquent-nogit-'));
    try {
      expect((await prepare({}, plain)).stdout).toContain('skipped (not a git checkout)');
    } finally {
      rmSync(plain, { recursive: true });
    }
  });

  it('prepare installs the hook', async () => {
    expect((await prepare()).stdout).toContain('installed');
    expect((await git('config', 'core.hooksPath')).stdout.trim()).toBe('.husky/_');
    expect(existsSync(join(repo, '.husky/_/pre-commit'))).toBe(true);
  });

  it('a commit formats its staged TypeScript', async () => {
    writeFileSync(join(repo, 'good.ts'), 'export const   answer = {a:1,b:"two"}\n');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'good');
    expect(readFileSync(join(repo, 'good.ts'), 'utf8')).toBe("export const answer = { a: 1, b: 'two' };\n");
    expect((await git('show', 'HEAD:good.ts')).stdout).toBe("export const answer = { a: 1, b: 'two' };\n");
  }, 120_000);

  it('a commit with a lint error is refused', async () => {
    writeFileSync(join(repo, 'bad.ts'), 'const unused: any = 1;\nexport const x = 2;\n');
    await git('add', 'bad.ts');
    await expect(git('commit', '-q', '-m', 'bad')).rejects.toMatchObject({ stderr: expect.stringMatching(/no-unused-vars|no-explicit-any/) });
    expect((await git('log', '--format=%s')).stdout.trim().split('\n')).toEqual(['good']);
  }, 120_000);
});
