// @ts-check
/**
 * Mutation testing of the pure core (docs/testing.md): each mutant of these modules is run
 * against the tests that reach its code (coverageAnalysis "perTest"), and the run fails below
 * the break threshold. `npm run test:mutation` mutates everything; `npm run test:mutation:ci`
 * uses the committed incremental file so only changed code (and code whose tests changed) is
 * mutated again. https://stryker-mutator.io/docs/stryker-js/configuration/
 */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.stryker.config.js', enableFindRelatedTests: true },
  // Each mutant runs only the tests that reached it. A mutant reached only while modules load
  // or in beforeAll ("static") runs every test file that imports its module (findRelatedTests).
  coverageAnalysis: 'perTest',
  mutate: [
    'shared/**/*.ts',
    // Type declarations and re-exports hold no behaviour to mutate.
    '!shared/**/index.ts',
    '!shared/**/types.ts',
    'server/store/upload-plan.ts',
    'addin/check/check-grid.ts',
  ],
  // The sandbox needs the sources, tests and fixtures, not the built or benchmark output.
  ignorePatterns: ['dist', 'bench', 'docs', 'reports', '.stryker-tmp', 'test/e2e', 'test/faults'],
  // Two cores shared with everything else on the machine.
  concurrency: 2,
  // A mutant that loops (a regex backtracking, a loop that never ends) is caught by the timeout:
  // 1.5 × the tests' normal time + 3 s is ample for tests that take a second or two.
  timeoutMS: 3000,
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
export default config;
