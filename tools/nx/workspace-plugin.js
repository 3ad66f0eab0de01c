// The Nx targets every project gets, inferred from its folder (nx.json `plugins`), so a new
// project needs only a project.json with its name and tags:
//   build      SWC into dist/<project root> (tools/build.mjs): one output per project, cached
//   test       its Jest config (jest.config.js in the project folder), with coverage
//   lint       ESLint on its folder (enforce-module-boundaries included, see eslint.config.mjs)
//   serve      an application with src/main.ts: runs the built service (continuous)
// A target written in a project.json overrides the inferred one option by option.
const { existsSync, readdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const SKIPPED = ['node_modules', 'dist', 'test', 'fixtures', 'coverage'];

/** Project folders (with a project.json) nested inside `root`, e.g. tools/deploy in tools. */
function nestedProjects(root, allRoots) {
  return allRoots.filter((other) => other !== root && (root === '.' || other.startsWith(`${root}/`)));
}

/**
 * dist/<root>, or, when other projects are nested inside (tools/deploy in tools), its parts
 * outside them, so restoring one project's cached build never touches another's files.
 */
function buildOutputs(root, nested, workspaceRoot) {
  if (!nested.length) return [`{workspaceRoot}/dist/${root}`];
  const outputs = [];
  for (const entry of readdirSync(join(workspaceRoot, root), { withFileTypes: true })) {
    const path = `${root}/${entry.name}`;
    if (entry.isDirectory() && !SKIPPED.includes(entry.name) && !nested.includes(path)) outputs.push(`{workspaceRoot}/dist/${path}`);
    else if (entry.isFile() && /(?<!\.d)\.ts$/.test(entry.name) && !/\.(spec|test)\.ts$/.test(entry.name)) {
      const js = `{workspaceRoot}/dist/${path.replace(/\.ts$/, '.js')}`;
      outputs.push(js, `${js}.map`);
    }
  }
  return outputs;
}

function targetsFor(root, allRoots, workspaceRoot) {
  const abs = join(workspaceRoot, root);
  const nested = nestedProjects(root, allRoots);
  const targets = {
    build: {
      executor: 'nx:run-commands',
      options: { command: `node tools/build.mjs ${root}` },
      cache: true,
      dependsOn: ['^build'],
      inputs: ['production', '^production', '{workspaceRoot}/tools/build.mjs'],
      outputs: buildOutputs(root, nested, workspaceRoot),
    },
    lint: {
      executor: 'nx:run-commands',
      options: { command: ['eslint', root, ...nested.map((n) => `--ignore-pattern ${n}/`)].join(' ') },
      cache: true,
      inputs: ['default', '{workspaceRoot}/eslint.config.mjs'],
    },
  };
  if (existsSync(join(abs, 'jest.config.js'))) {
    targets.test = {
      executor: 'nx:run-commands',
      // Coverage goes to coverage/<project root>; tools/coverage/report.mjs merges the projects.
      // --forceExit: a failing run must end (CI waits on it). A test whose set-up fails half-way
      // can leave a server or connection its afterAll never reached; the ones found are fixed,
      // and `npx jest -c <project>/jest.config.js --detectOpenHandles` finds new ones.
      // --passWithNoTests: a lib tested only through its users (libs/testing) has no tests of
      // its own; its coverage still shows in the report.
      // CHILD_COVERAGE_DIR: the built services its tests start write V8 coverage there (libs/testing).
      options: {
        command: `jest -c ${root}/jest.config.js --coverage --coverageDirectory=coverage/${root} --forceExit --passWithNoTests`,
        env: { CHILD_COVERAGE_DIR: `coverage/${root}/children` },
      },
      // Integration tests run built code (services, CLIs): build the project and what it uses.
      dependsOn: ['build', '^build'],
      inputs: ['default', '^default'],
      cache: false,
    };
  }
  if (existsSync(join(abs, 'src/main.ts'))) {
    targets.serve = {
      executor: 'nx:run-commands',
      options: { command: `node --enable-source-maps dist/${root}/src/main.js` },
      dependsOn: ['build'],
      continuous: true,
    };
  }
  return targets;
}

function listProjectRoots(workspaceRoot) {
  const roots = [];
  const visit = (dir) => {
    const entries = readdirSync(join(workspaceRoot, dir), { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name === 'project.json')) roots.push(dir);
    for (const e of entries) if (e.isDirectory() && !SKIPPED.includes(e.name)) visit(join(dir, e.name));
  };
  for (const top of ['apps', 'libs', 'tools']) if (existsSync(join(workspaceRoot, top))) visit(top);
  return roots;
}

module.exports = {
  name: 'eloquent-workspace',
  createNodes: [
    '{apps,libs,tools}/**/project.json',
    (configFiles, _options, context) => {
      const allRoots = listProjectRoots(context.workspaceRoot);
      return configFiles.map((file) => {
        const root = dirname(file);
        return [file, { projects: { [root]: { targets: targetsFor(root, allRoots, context.workspaceRoot) } } }];
      });
    },
  ],
  // Exposed for the workspace's own tests.
  targetsFor,
  buildOutputs,
  listProjectRoots,
};
