/**
 * A return read and checked in one step (shared/grid/check-return.ts), as the CLI, the upload
 * and the service use it: the reader's and the rules' findings together, in the order an officer
 * works through them, the caller's own findings among them, and a reason when there is no grid.
 */
import { checkReturn, DEFAULT_CONFIG, type Finding } from '../../../shared';

const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];

test('findings in the order an officer works: missing LAA refs first, then errors, warnings and notes, by sheet and row', () => {
  const checked = checkReturn(
    [
      { name: 'Notes', values: [['Some notes']] },
      {
        name: 'Return',
        values: [
          HEADER,
          ['Stay safe', 'S1', 'SC7', 'Action with a ref', ''],
          ['Be brave', 'S1', 'SC7', 'Action under no known outcome', 'x'],
          ['Stay safe', 'S1', '', 'Action with no ref', 'Done'],
        ],
      },
      { name: 'Old', values: [HEADER, ['Stay safe', 'S1', 'SC7', 'Old action', '']], visibility: 'Hidden' },
    ],
    DEFAULT_CONFIG,
  );
  expect(checked.sheetsWithGrid).toEqual(['Return']);
  expect(checked.sheetOrder).toEqual(['Notes', 'Return', 'Old']);
  expect(checked.noGrid).toBeUndefined();
  expect(checked.rows.map((row) => row.action)).toEqual(['Action with a ref', 'Action under no known outcome', 'Action with no ref']);
  const order = checked.findings.map((f) => [f.rule, f.severity]);
  expect(order[0]).toEqual(['missing-laa-ref', expect.any(String)]);
  expect(checked.findings[0]!.cell).toBe('C4');
  const severities = checked.findings.slice(1).map((f) => f.severity);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  expect(severities).toEqual([...severities].sort((a, b) => rank[a] - rank[b]));
  expect(checked.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['unknown-outcome', 'hidden-sheet']));
});

test('a caller\'s own findings (errors in cells) are kept and sorted with the rest', () => {
  const error: Finding = { rule: 'missing-laa-ref', severity: 'error', sheet: 'Return', cell: 'C9', message: 'from the caller' };
  const checked = checkReturn([{ name: 'Return', values: [HEADER, ['Stay safe', 'S1', '', 'An action', '']] }], DEFAULT_CONFIG, [error]);
  expect(checked.findings.filter((f) => f.rule === 'missing-laa-ref').map((f) => f.cell)).toEqual(['C2', 'C9']);
  expect(checked.findings).toContain(error);
});

test('the period decides which LAA refs are in use: an NI code before April 2008 is out of its time', () => {
  const sheets = [{ name: 'Return', values: [HEADER, ['Stay safe', 'S1', 'NI 110', 'An action', '']] }];
  const before = checkReturn(sheets, DEFAULT_CONFIG, [], { period: '2007-10' });
  const after = checkReturn(sheets, DEFAULT_CONFIG, [], { period: '2008-08' });
  expect(before.findings.some((f) => f.cell === 'C2' && f.severity !== 'info')).toBe(true);
  expect(after.findings.filter((f) => f.cell === 'C2')).toEqual([]);
});

test('no grid at all: no rows, and the reason names the likeliest header row and what it lacks', () => {
  const checked = checkReturn([{ name: 'Return', values: [['Outcome', 'Lead officer', 'Notes'], ['Stay safe', 'J. Smith', 'x']] }], DEFAULT_CONFIG);
  expect(checked.rows).toEqual([]);
  expect(checked.sheetsWithGrid).toEqual([]);
  expect(checked.noGrid).toMatch(/^No return grid found/);
  expect(checked.noGrid).toContain('Lead officer');
});
