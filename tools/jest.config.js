// The `tools` project: CLIs and benches (tools/<tool>/), unit specs beside them and
// integration tests in tools/<tool>/test/. tools/deploy is a project of its own.
module.exports = require('../jest.preset.js').project(__dirname, {
  testMatch: ['<rootDir>/tools/**/*.spec.ts', '<rootDir>/tools/*/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/tools/deploy/'],
});
