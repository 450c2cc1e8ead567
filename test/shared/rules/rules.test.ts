/**
 * The rules as data (shared/rules/rules.ts): the severity and heading each finding has wherever
 * it is shown (the task pane groups findings under the heading, `check` prints it), the message
 * filled from its parameters, and the order an officer works through findings in.
 */
import { formatMessage, makeFinding, RULES, RuleId, sortFindings, type Finding } from '../../../shared/rules/rules';

test('every rule has its own id, an error for what must be fixed before sending, a warning to check, a note for what was done', () => {
  const table = Object.fromEntries(RuleId.options.map((id) => [id, [RULES[id].id, RULES[id].severity, RULES[id].title]]));
  expect(table).toEqual({
    'missing-laa-ref': ['missing-laa-ref', 'error', 'Missing LAA reference'],
    'unknown-laa-ref': ['unknown-laa-ref', 'warning', 'Unknown LAA reference'],
    'unknown-outcome': ['unknown-outcome', 'error', 'Unknown outcome'],
    'missing-outcome': ['missing-outcome', 'error', 'Missing outcome'],
    'unknown-aim': ['unknown-aim', 'warning', 'Unknown aim'],
    'aim-outside-outcome': ['aim-outside-outcome', 'warning', 'Aim of another outcome'],
    'update-without-action': ['update-without-action', 'error', 'Update without an action'],
    'duplicate-action': ['duplicate-action', 'warning', 'Action listed twice'],
    'text-too-long': ['text-too-long', 'error', 'Text too long'],
    'unknown-status': ['unknown-status', 'warning', 'Unknown status'],
    'cell-error': ['cell-error', 'warning', 'Error in a cell'],
    'formula-no-value': ['formula-no-value', 'warning', 'Formula with no saved value'],
    'no-grid': ['no-grid', 'info', 'No grid on this sheet'],
    'too-many-rows': ['too-many-rows', 'error', 'Too many rows'],
    'missing-column': ['missing-column', 'error', 'Column not recognised'],
    'laa-ref-out-of-period': ['laa-ref-out-of-period', 'warning', 'LAA reference not in use this period'],
    'hidden-sheet': ['hidden-sheet', 'info', 'Hidden sheet not read'],
    'hidden-rows': ['hidden-rows', 'info', 'Hidden rows read'],
    'hidden-columns': ['hidden-columns', 'info', 'Hidden columns read'],
    'update-unchanged': ['update-unchanged', 'warning', 'Update unchanged since last period'],
  });
});

test.each([
  ['formula-no-value', { cell: 'E7' }, 'Cell E7 holds a formula with no saved value, so it was read as empty: open the file in Excel and save it.'],
  ['cell-error', { error: '#REF!' }, 'This cell shows #REF! in Excel, so it was read as empty. Type the text in instead of a formula.'],
  ['hidden-sheet', { sheet: 'Old', state: 'very hidden' }, 'Sheet "Old" is very hidden in Excel, so it was not read as part of the return. Unhide it if it holds this period\'s return.'],
  [
    'hidden-rows',
    { count: 2, sheet: 'Return', rows: 'rows 4, 9' },
    '2 hidden row(s) of sheet "Return" hold actions and were read as part of the return: rows 4, 9. Unhide them to check them, or delete them if they are not meant to be sent.',
  ],
  [
    'hidden-columns',
    { sheet: 'Return', columns: 'F (Lead)' },
    'Hidden column(s) of sheet "Return" were read as part of the return: F (Lead). Unhide them to check them, or delete them if they are not meant to be sent.',
  ],
  ['no-grid', { sheet: 'Notes' }, 'Sheet "Notes" has no header row with Actions and LAA Ref or District Update, so it was not read.'],
  ['laa-ref-out-of-period', { ref: 'NI 110', period: 'October 2007', span: 'from April 2008' }, 'NI 110 is not in use in October 2007: it applies from April 2008. Check the reference, or the period this return is for.'],
])('the %s message as an officer reads it', (rule, params, message) => {
  expect(makeFinding(rule as RuleId, { sheet: 'Return', cell: 'A1' }, params).message).toBe(message);
});

describe('formatMessage', () => {
  test('fills every placeholder, the same one twice, and numbers including 0', () => {
    expect(formatMessage('{a} and {b}, {a} again; {n} rows', { a: 'x', b: 'y', n: 0 })).toBe('x and y, x again; 0 rows');
  });
  test('a placeholder without a parameter stays as typed; braces around no name are text', () => {
    expect(formatMessage('Row {row} of {sheet} { } {}', { row: 4 })).toBe('Row 4 of {sheet} { } {}');
    expect(formatMessage('No placeholders.', { row: 4 })).toBe('No placeholders.');
    expect(formatMessage('{row}', {})).toBe('{row}');
    expect(formatMessage('', {})).toBe('');
  });
  test('a parameter\'s own braces are not filled again', () => {
    expect(formatMessage('"{text}" is unknown, see {row}', { text: '{row}', row: 7 })).toBe('"{row}" is unknown, see 7');
  });
  test('the same template gives the same text with other parameters (compiled once)', () => {
    expect(formatMessage('Row {row}.', { row: 1 })).toBe('Row 1.');
    expect(formatMessage('Row {row}.', { row: 2 })).toBe('Row 2.');
  });
});

describe('makeFinding', () => {
  test('the rule\'s severity, the cell, and the row id only when the row has one', () => {
    expect(makeFinding('missing-laa-ref', { sheet: 'Return', cell: 'C5', rowId: 'r-1' }, { row: 5, written: '' })).toEqual({
      rule: 'missing-laa-ref',
      severity: 'error',
      sheet: 'Return',
      cell: 'C5',
      message: 'Row 5 has an action but no LAA reference. Add the LAA indicator(s) this action contributes to.',
      rowId: 'r-1',
    });
    expect(makeFinding('no-grid', { sheet: 'Notes', cell: 'A1', rowId: null }, { sheet: 'Notes' })).not.toHaveProperty('rowId');
    expect(makeFinding('no-grid', { sheet: 'Notes', cell: 'A1', rowId: '' }, { sheet: 'Notes' })).not.toHaveProperty('rowId');
    expect(makeFinding('no-grid', { sheet: 'Notes', cell: 'A1' })).toMatchObject({ severity: 'info', message: expect.stringContaining('Sheet "{sheet}"') });
  });
});

describe('sortFindings: the order an officer works through them', () => {
  const f = (rule: RuleId, sheet: string, cell: string): Finding => makeFinding(rule, { sheet, cell });
  const order = (findings: Finding[], sheets?: string[]) => sortFindings(findings, sheets).map((x) => `${x.rule} ${x.sheet}!${x.cell}`);

  test('missing LAA refs first of all, then errors, warnings and notes', () => {
    const findings = [f('hidden-sheet', 'A', 'A1'), f('unknown-aim', 'A', 'B2'), f('unknown-outcome', 'B', 'A9'), f('missing-laa-ref', 'B', 'C30'), f('missing-laa-ref', 'A', 'C40')];
    expect(order(findings, ['A', 'B'])).toEqual(['missing-laa-ref A!C40', 'missing-laa-ref B!C30', 'unknown-outcome B!A9', 'unknown-aim A!B2', 'hidden-sheet A!A1']);
  });

  test('by the workbook\'s sheet order, not the alphabet; sheets it does not list after, alphabetically', () => {
    const findings = [f('unknown-aim', 'Alpha', 'B2'), f('unknown-aim', 'Zulu', 'B2'), f('unknown-aim', 'Other', 'B2'), f('unknown-aim', 'Beta', 'B2')];
    expect(order(findings, ['Zulu', 'Alpha'])).toEqual(['unknown-aim Zulu!B2', 'unknown-aim Alpha!B2', 'unknown-aim Beta!B2', 'unknown-aim Other!B2']);
    expect(order(findings)).toEqual(['unknown-aim Alpha!B2', 'unknown-aim Beta!B2', 'unknown-aim Other!B2', 'unknown-aim Zulu!B2']);
  });

  test('by row number, not as text (row 9 before row 10, column letters aside), then by rule', () => {
    const findings = [f('unknown-status', 'S', 'F10'), f('unknown-aim', 'S', 'AB9'), f('aim-outside-outcome', 'S', 'B10'), f('unknown-laa-ref', 'S', 'C10'), f('unknown-aim', 'S', 'B123')];
    expect(order(findings, ['S'])).toEqual(['unknown-aim S!AB9', 'unknown-laa-ref S!C10', 'aim-outside-outcome S!B10', 'unknown-status S!F10', 'unknown-aim S!B123']);
  });

  test('a finding with no cell comes before the rows; the caller\'s list is not changed', () => {
    const findings = [f('unknown-aim', 'S', 'B3'), f('update-unchanged', 'S', '')];
    expect(order(findings, ['S'])).toEqual(['update-unchanged S!', 'unknown-aim S!B3']);
    expect(findings.map((x) => x.cell)).toEqual(['B3', '']);
  });
});
