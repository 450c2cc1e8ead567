/**
 * The tests StrykerJS runs against each mutant (stryker.config.mjs): the in-process tests of
 * the pure core, the upload plan (over a real SQLite file, without HTTP) and the add-in's sheet checking.
 * Whole-service, browser, LibreOffice and fuzz runs are left to `npm test`: a mutant run repeats
 * them hundreds of times, and the code they reach in worker threads or child processes is the
 * compiled copy, which Stryker does not mutate.
 * With coverageAnalysis "perTest", each mutant runs only the tests that reached its code.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // The sources too, so jest's findRelatedTests (which Stryker uses for mutants reached while
  // modules load) can trace a test file to the modules it imports; testMatch still picks the tests.
  roots: ['<rootDir>/test', '<rootDir>/shared', '<rootDir>/server', '<rootDir>/addin'],
  setupFilesAfterEnv: [...(base.setupFilesAfterEnv ?? []), '<rootDir>/test/support/stryker-setup.ts'],
  testMatch: [
    '<rootDir>/test/shared/**/*.test.ts',
    '<rootDir>/test/addin/excel-workbook.test.ts',
    '<rootDir>/test/addin/*.mutation.test.ts',
    '<rootDir>/test/server/upload-plan.test.ts',
    '<rootDir>/test/server/**/*.mutation.test.ts',
  ],
};
