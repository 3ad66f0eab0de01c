import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The Nx workspace tells the truth: the project graph comes from the imports, `affected`
 * follows it, each project builds into its own dist/ folder, and the module boundaries hold.
 */
const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);
const nx = async (...args: string[]) =>
  (await run(process.execPath, [join(ROOT, 'node_modules/nx/dist/bin/nx.js'), ...args], { cwd: ROOT, env: { ...process.env, NX_DAEMON: 'false' } })).stdout;
const affectedBy = async (file: string) => JSON.parse(await nx('show', 'projects', '--affected', `--files=${file}`, '--json')) as string[];
/** Every project's configuration as Nx resolves it (project.json + the inferred targets), from one `nx graph`. */
interface Target {
  options: { command: string };
  outputs: string[];
  dependsOn: unknown[];
}
interface Project {
  tags: string[];
  implicitDependencies?: string[];
  targets: Record<string, Target>;
}
let projects: Record<string, Project>;
const project = async (name: string) => projects[name];
const APPS = ['gateway', 'chat', 'retrieval', 'embedding'];

jest.setTimeout(180_000);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eloquent-graph-'));
  try {
    await nx('graph', `--file=${join(dir, 'graph.json')}`);
    const { graph } = JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8'));
    projects = Object.fromEntries(Object.entries(graph.nodes as Record<string, { data: Project }>).map(([name, node]) => [name, node.data]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('nx affected follows the imports', () => {
  it('a change to libs/contracts marks every project that imports it, and what depends on those', async () => {
    const affected = await affectedBy('libs/contracts/src/errors.ts');
    expect(affected).toEqual(expect.arrayContaining(['contracts', 'bus', 'runtime', 'testing', ...APPS, 'e2e', 'tools']));
    expect(affected).not.toContain('text');
  });

  it('a change to libs/runtime or libs/testing marks the apps and e2e', async () => {
    const [runtime, testing] = await Promise.all([affectedBy('libs/runtime/src/stack.ts'), affectedBy('libs/testing/src/test-stack.ts')]);
    expect(runtime).toEqual(expect.arrayContaining(['gateway', 'embedding', 'chat', 'retrieval', 'e2e']));
    expect(testing).toEqual(expect.arrayContaining(['gateway', 'embedding', 'chat', 'retrieval', 'e2e', 'bus']));
  });

  it('a change to an app marks the end-to-end tests but no other app', async () => {
    const affected = await affectedBy('apps/gateway/src/main.ts');
    expect(affected).toEqual(expect.arrayContaining(['gateway', 'e2e']));
    for (const other of ['chat', 'retrieval', 'embedding', 'contracts']) expect(affected).not.toContain(other);
  });
});

describe('nx targets', () => {
  it('each app builds into its own folder, serves from it, and is tagged', async () => {
    for (const app of APPS) {
      const config = await project(app);
      expect(config.targets.build.outputs).toEqual([`{workspaceRoot}/dist/apps/${app}`]);
      expect(config.targets.build.dependsOn).toEqual(['^build']);
      expect(config.targets.serve.options.command).toBe(`node --enable-source-maps dist/apps/${app}/src/main.js`);
      expect(config.targets.serve.dependsOn).toEqual(['build']);
      expect(config.tags).toEqual(['type:app']);
    }
  });

  it('e2e depends on the four apps, so its tests run after their builds', async () => {
    const e2e = await project('e2e');
    expect(e2e.implicitDependencies).toEqual(APPS);
    expect(e2e.targets.test.dependsOn).toEqual(['build', '^build']);
  });

  it('a project nested in another (tools/deploy in tools) keeps its own outputs', async () => {
    const tools = await project('tools');
    expect(tools.targets.build.outputs).toContain('{workspaceRoot}/dist/tools/eval');
    expect(tools.targets.build.outputs.some((o: string) => o.includes('tools/deploy'))).toBe(false);
    expect(tools.targets.lint.options.command).toBe('eslint tools --ignore-pattern tools/deploy/');
  });
});

describe('tools/build.mjs', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'eloquent-build-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const build = (...projects: string[]) =>
    run(process.execPath, [join(ROOT, 'tools/build.mjs'), ...projects], { cwd: ROOT, env: { ...process.env, BUILD_OUT_DIR: out } });

  it("writes one project's files only, and rebuilding a project leaves a nested one's output alone", async () => {
    await build('libs/text');
    expect(existsSync(join(out, 'libs/text/src/index.js'))).toBe(true);
    expect(existsSync(join(out, 'libs/bus'))).toBe(false);

    await build('tools/deploy');
    await build('tools');
    expect(existsSync(join(out, 'tools/eval/main.js'))).toBe(true);
    expect(existsSync(join(out, 'tools/deploy/deploy-files.js'))).toBe(true);
    expect(existsSync(join(out, 'tools/eval/metrics.spec.js'))).toBe(false);
  });

  it('copies the static files a service serves (the demo page) beside its compiled code', async () => {
    await build('apps/gateway');
    expect(existsSync(join(out, 'apps/gateway/src/demo/static-assets.js'))).toBe(true);
    expect(existsSync(join(out, 'apps/gateway/src/demo/page/index.html'))).toBe(true);
    expect(existsSync(join(out, 'apps/gateway/src/demo/page/app.css'))).toBe(true);
  });

  it('refuses a folder that is not a project', async () => {
    await expect(build('apps')).rejects.toThrow(/apps is not a project folder/);
  });
});

describe('module boundaries (@nx/enforce-module-boundaries)', () => {
  const CASES: Record<string, [file: string, code: string]> = {
    appImportsApp: ['apps/gateway/src/probe.ts', "import { loadChatConfig } from '../../chat/src/config';\nexport const x = loadChatConfig;\n"],
    libImportsApp: ['libs/text/src/probe.ts', "import { loadChatConfig } from '../../../apps/chat/src/config';\nexport const x = loadChatConfig;\n"],
    appCodeImportsTesting: ['apps/gateway/src/probe.ts', "import { freePort } from '@eloquent/testing';\nexport const x = freePort;\n"],
    appSpecImportsTesting: ['apps/gateway/src/probe.spec.ts', "import { freePort } from '@eloquent/testing';\nexport const x = freePort;\n"],
    appTestImportsTesting: ['apps/gateway/test/probe.test.ts', "import { freePort } from '@eloquent/testing';\nexport const x = freePort;\n"],
    appImportsLib: ['apps/gateway/src/probe.ts', "import { AppError } from '@eloquent/contracts';\nexport const x = AppError;\n"],
    toolImportsTesting: ['tools/ask/probe.ts', "import { startTestStack } from '@eloquent/testing';\nexport const x = startTestStack;\n"],
  };
  let problems: Record<keyof typeof CASES, string[]>;

  beforeAll(async () => {
    // ESLint loads its config with import(), which Jest's module system does not offer: lint in a child.
    const script = `
      const { ESLint } = require('eslint');
      const cases = JSON.parse(process.env.CASES);
      (async () => {
        const eslint = new ESLint({ cwd: process.cwd() });
        const out = {};
        for (const [name, [file, code]] of Object.entries(cases)) {
          const [result] = await eslint.lintText(code, { filePath: require('node:path').join(process.cwd(), file) });
          out[name] = result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
        }
        process.stdout.write(JSON.stringify(out));
      })();`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, CASES: JSON.stringify(CASES) } });
    problems = JSON.parse(stdout);
  });

  it('an app may not import another app; a lib may not import an app', () => {
    expect(problems.appImportsApp).not.toEqual([]);
    expect(problems.libImportsApp).not.toEqual([]);
  });

  it('testing is for tests: refused in app code, allowed in its unit and integration tests', () => {
    expect(problems.appCodeImportsTesting).toEqual([expect.stringMatching(/"type:app" can only depend on libs tagged with "type:lib"/)]);
    expect(problems.appSpecImportsTesting).toEqual([]);
    expect(problems.appTestImportsTesting).toEqual([]);
  });

  it('apps import libs; tools (benchmarks, eval) may use testing', () => {
    expect(problems.appImportsLib).toEqual([]);
    expect(problems.toolImportsTesting).toEqual([]);
  });
});
