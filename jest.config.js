// `npm test` runs every project's unit (*.spec.ts) and integration (test/*.test.ts) tests.
module.exports = {
  projects: [
    '<rootDir>/apps/*/jest.config.js',
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/tools/deploy/jest.config.js',
    '<rootDir>/tools/eval/jest.config.js',
    '<rootDir>/tools/observability/jest.config.js',
  ],
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  // A global setting (Jest ignores it in a project's config). Integration tests talk to real
  // services on a shared 2-core machine; 5 s (Jest's default) is a guard against hangs, not a
  // performance bound, and was too tight for the longer ones.
  testTimeout: 30_000,
};
