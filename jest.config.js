/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The fault-injection run is long and has its own script (npm run test:faults).
  testPathIgnorePatterns: ['/node_modules/', '/test/faults/'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // office-addin-mock pulls in two ESM-only packages; jest runs CommonJS, so map them to tiny shims.
  moduleNameMapper: {
    '^strip-bom$': '<rootDir>/test/shims/strip-bom.js',
    '^uuid$': '<rootDir>/test/shims/uuid.js',
  },
  testTimeout: 30000,
};
