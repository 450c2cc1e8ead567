/**
 * The product's errors (shared/errors.ts): the kind the HTTP error handler and the CLI map to a
 * status or exit code, and the short field-by-field text an administrator reads for a bad file.
 */
import { AppError, ErrorKind, formatIssues, isAppError } from '../../shared/errors';

test('each kind is its name in kebab case, so the wire value and the code agree and no two kinds share a status', () => {
  const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  const entries = Object.entries(ErrorKind);
  expect(entries).toHaveLength(11);
  for (const [name, kind] of entries) expect(kind).toBe(kebab(name));
});

test('an AppError carries its kind, code, message and details (null when none), and is told from other errors', () => {
  const error = new AppError(ErrorKind.unreadableWorkbook, 'too-many-merges', 'Sheet "Big" has too many merged ranges.', { sheet: 'Big' });
  expect(error).toBeInstanceOf(Error);
  expect([error.name, error.kind, error.code, error.message, error.details]).toEqual(['AppError', 'unreadable-workbook', 'too-many-merges', 'Sheet "Big" has too many merged ranges.', { sheet: 'Big' }]);
  expect(new AppError(ErrorKind.notFound, 'no-row', 'No such row.').details).toBeNull();
  expect(isAppError(error)).toBe(true);
  expect(isAppError(new Error('x'))).toBe(false);
  expect(isAppError({ kind: 'not-found', code: 'x', message: 'x' })).toBe(false);
});

describe('formatIssues', () => {
  const issue = (path: PropertyKey[], message: string) => ({ path, message });
  test('each issue as "path: message", numbers in the path as indexes, joined by "; "', () => {
    expect(formatIssues([issue(['districts', 2, 'code'], 'a district code is …'), issue(['periods'], 'too few')])).toBe('districts.2.code: a district code is …; periods: too few');
  });
  test('an issue with no path is its message alone', () => {
    expect(formatIssues([issue([], 'not an object')])).toBe('not an object');
  });
  test('at most five by default, then how many more; the limit can be set', () => {
    const seven = Array.from({ length: 7 }, (_, i) => issue(['f', i], `m${i}`));
    expect(formatIssues(seven)).toBe('f.0: m0; f.1: m1; f.2: m2; f.3: m3; f.4: m4; and 2 more');
    expect(formatIssues(seven.slice(0, 5))).toBe('f.0: m0; f.1: m1; f.2: m2; f.3: m3; f.4: m4');
    expect(formatIssues(seven, 1)).toBe('f.0: m0; and 6 more');
    expect(formatIssues([])).toBe('');
  });
});
