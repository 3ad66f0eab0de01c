// Shared Jest settings for every project: SWC transpiles TypeScript (with decorator
// metadata for NestJS), and `@eloquent/*` resolves to the libs' sources.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const swcrc = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@eloquent/(.*)$': join(__dirname, 'libs/$1/src/index.ts') },
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
