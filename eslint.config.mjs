// Lint rules for every project (`nx run-many -t lint`, or `npm run lint`).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Which projects may import which (project tags in each project.json). Apps never import
// apps and libs never import apps: shared code lives in libs/. `testing` (type:testing) is
// for tests only: test files, an app's benchmarks (apps/*/bench/), the end-to-end project and
// tools (benchmarks, eval) may use it.
const constraints = (testFiles) => [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', ...(testFiles ? ['type:testing'] : [])] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', ...(testFiles ? ['type:testing'] : [])] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tool'] },
];
// Tests of a lib use `testing`, which uses libs: a cycle in the graph made by tests alone
// (non-test code may not import `testing`), so cycles through it are not reported.
const boundaries = (testFiles) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], ignoredCircularDependencies: [['testing', '*']], depConstraints: constraints(testFiles) },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest modules are classes with decorators only.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@nx/enforce-module-boundaries': boundaries(false),
    },
  },
  { files: ['**/*.spec.ts', '**/test/**/*.ts', 'apps/*/bench/**/*.ts'], rules: { '@nx/enforce-module-boundaries': boundaries(true) } },
);
