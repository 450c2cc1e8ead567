/** `npm run test:faults`: the crash-safety run (SIGKILLs a real service); long, so kept apart. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/faults'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600_000,
};
