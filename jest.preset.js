// Shared Jest settings for every project: SWC transpiles TypeScript (with decorator
// metadata for NestJS), and `@eloquent/*` resolves to the libs' sources.
//
// A project's jest.config.js is `module.exports = require('../../jest.preset.js').project(__dirname)`.
// Its rootDir is the repository (its tests are found under `roots`: the project folder), so
// coverage counts every workspace file the tests load, libs included (Jest reports coverage
// only under rootDir). tools/coverage/report.mjs merges the projects' coverage.
const { readFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const swcrc = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));

const preset = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@eloquent/(.*)$': join(__dirname, 'libs/$1/src/index.ts') },
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Integration tests talk to real services on a shared 2-core machine; 5 s (Jest's default)
  // is a guard against hangs, not a performance bound, and was too tight for the longer ones.
  // Here every project's own run (`nx run <project>:test`) gets it; the root jest.config.js
  // repeats it because Jest reads it from the top config when running several projects.
  testTimeout: 30_000,
  // V8 coverage (no instrumentation pass) of workspace sources, never of tests or fixtures.
  coverageProvider: 'v8',
  coveragePathIgnorePatterns: ['/node_modules/', '/dist/', '/test/', '\\.spec\\.ts$', '/fixtures/', '\\.js$', '\\.mjs$'],
  coverageReporters: ['json', 'text-summary'],
};

/**
 * The Jest config of the project in `dir`: its unit specs (`**\/*.spec.ts`) and integration
 * tests (`test/**\/*.test.ts`), run with the repository as rootDir.
 */
function project(dir, overrides = {}) {
  const name = relative(__dirname, dir);
  return {
    ...preset,
    displayName: require(join(dir, 'project.json')).name,
    rootDir: __dirname,
    roots: [`<rootDir>/${name}`],
    testMatch: [`<rootDir>/${name}/**/*.spec.ts`, `<rootDir>/${name}/test/**/*.test.ts`],
    ...overrides,
  };
}

module.exports = preset;
Object.defineProperty(module.exports, 'project', { value: project, enumerable: false });
