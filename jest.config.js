// `npm test` runs every project's unit (*.spec.ts) and integration (test/*.test.ts) tests.
module.exports = {
  projects: ['<rootDir>/apps/*/jest.config.js', '<rootDir>/libs/*/jest.config.js', '<rootDir>/tools/deploy/jest.config.js', '<rootDir>/tools/eval/jest.config.js'],
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
};
