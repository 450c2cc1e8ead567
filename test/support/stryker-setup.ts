/**
 * Setup for mutation runs only (jest.stryker.config.js), where the tests run once per mutant.
 * - A property that fails stops at its first counterexample instead of shrinking it: the test
 *   fails all the same, and shrinking (hundreds of re-runs) would make most mutants time out.
 * - Properties try 30 inputs instead of fast-check's 100. A mutant only a rare input catches
 *   may survive here: the measured score is, if anything, lower than the suite's real strength.
 */
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true, numRuns: 30 });
