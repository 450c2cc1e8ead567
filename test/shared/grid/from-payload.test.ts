/**
 * Cells named as the officer sees them: a return whose columns are in another order keeps its
 * real addresses through the one conversion to a sync payload and back, so the rules run on
 * the service name the same cells as in the add-in.
 */
import { DEFAULT_CONFIG, gridRowFromPayload, parseSheet, payloadFromGridRow, RowPayload, validateRows } from '../../../shared';
import { makeGridRow } from '../../support/grid-row';

const config = DEFAULT_CONFIG;

test('a return with columns in another order: the service\'s findings name the officer\'s cells', () => {
  // Actions in A, Update in B, Outcome in D, LAA ref in F; the return starts at row 3.
  const sheet = parseSheet(
    {
      name: 'Stay Safe',
      values: [['CONTRIBUTION – STAY SAFE'], [], ['Actions', 'District Update', 'Lead officer', 'Outcome', 'Aim', 'LAA ref.'], ['Run youth forums', 'Two forums held', 'J. Smith', 'Stay safe', 'S1', '']],
    },
    config,
  );
  const [row] = sheet.rows;
  expect(row).toBeDefined();
  const parsed = payloadFromGridRow(row!);
  expect(parsed.success).toBe(true);
  const payload = parsed.data as RowPayload;
  expect(payload.cells).toMatchObject({ action: 'A4', update: 'B4', outcome: 'D4', aim: 'E4', laaRef: 'F4' });
  // The service sees the row through the payload alone (as stored), and checks it.
  const findings = validateRows([gridRowFromPayload(RowPayload.parse(JSON.parse(JSON.stringify(payload))), 'row-1', config)], config);
  expect(findings).toContainEqual(expect.objectContaining({ rule: 'missing-laa-ref', sheet: 'Stay Safe', cell: 'F4' }));
});

test('an older client without cells still syncs, and its findings name columns A–F of its row', () => {
  const payload = RowPayload.parse({ outcome: 'Stay safe', aim: 'S1', laaRefs: [], action: 'An action', sheet: 'Stay Safe', rowNumber: 7 });
  expect(payload.cells).toBeUndefined();
  const findings = validateRows([gridRowFromPayload(payload, 'row-1', config)], config);
  expect(findings).toContainEqual(expect.objectContaining({ rule: 'missing-laa-ref', cell: 'C7' }));
});

test('cells must be A1 addresses of known fields', () => {
  expect(RowPayload.safeParse({ outcome: 'Stay safe', action: 'x', cells: { laaRef: 'C0' } }).success).toBe(false);
  expect(RowPayload.safeParse({ outcome: 'Stay safe', action: 'x', cells: { lead: 'C5' } }).success).toBe(false);
  expect(RowPayload.safeParse({ outcome: 'Stay safe', action: 'x', cells: { laaRef: '=A1' } }).success).toBe(false);
});

describe('a synced row as the service checks it (gridRowFromPayload)', () => {
  test('every field as the rules read it: the outcome by its configured name, the aim\'s code, refs as catalogued', () => {
    const payload = RowPayload.parse({
      outcome: 'stay safe',
      aim: 's1 Reduce bullying',
      laaRefs: ['sc 7', 'NOT-A-REF'],
      action: 'Run youth forums',
      update: 'Two held',
      status: 'At risk',
      sheet: 'Return',
      rowNumber: 9,
      cells: { laaRef: 'F9', update: 'B9' },
    });
    const row = gridRowFromPayload(payload, 'row-9', config);
    expect(row).toEqual({
      sheet: 'Return',
      row: 9,
      id: 'row-9',
      outcome: 'Stay safe',
      outcomeCode: 'S',
      outcomeText: 'stay safe',
      aim: 's1 Reduce bullying',
      aimCode: 'S1',
      laaRefs: ['SC7', 'NOT-A-REF'],
      laaRefsText: 'sc 7\nNOT-A-REF',
      action: 'Run youth forums',
      update: 'Two held',
      status: 'At risk',
      statusText: 'At risk',
      extra: {},
      cells: { laaRef: 'F9', update: 'B9' },
    });
    // The row's cells are its own copy: a rule that notes a cell cannot change the stored payload.
    row.cells.action = 'Z1';
    expect(payload.cells).toEqual({ laaRef: 'F9', update: 'B9' });
  });

  test('an outcome the configuration does not know is kept as typed, with no name or code, so the rules call it unknown', () => {
    const row = gridRowFromPayload(RowPayload.parse({ outcome: 'Be brave', action: 'x' }), 'r', config);
    expect([row.outcome, row.outcomeCode, row.outcomeText]).toEqual([null, null, 'Be brave']);
    expect(validateRows([row], config)).toContainEqual(expect.objectContaining({ rule: 'unknown-outcome' }));
  });

  test('a blank aim has no code and no status reads as blank text; without a sheet or row no cell is named', () => {
    const row = gridRowFromPayload(RowPayload.parse({ outcome: 'Stay safe', action: 'x' }), 'r', config);
    expect([row.aim, row.aimCode, row.status, row.statusText, row.sheet, row.row]).toEqual(['', null, null, '', '', 0]);
    expect(row.cells).toEqual({});
    expect(validateRows([row], config).every((finding) => finding.cell === '' || finding.cell === undefined)).toBe(true);
  });

  test('an older client\'s row names columns A–F of the row it sent, one field each', () => {
    const row = gridRowFromPayload(RowPayload.parse({ outcome: 'Stay safe', action: 'x', rowNumber: 12 }), 'r', config);
    expect(row.cells).toEqual({ outcome: 'A12', aim: 'B12', laaRef: 'C12', action: 'D12', update: 'E12', status: 'F12' });
  });

  test('an aim typed as its wording is known by the code the configuration gives it', () => {
    const s1 = config.outcomes.find((o) => o.code === 'S')!.aims[0]!;
    const row = gridRowFromPayload(RowPayload.parse({ outcome: 'Stay safe', aim: s1.name, action: 'x' }), 'r', config);
    expect(row.aimCode).toBe(s1.code);
  });
});

describe('a read row as the payload the service stores (payloadFromGridRow)', () => {
  test('the row\'s place and cells travel with it; a cell that is not one A1 address is left out', () => {
    const parsed = payloadFromGridRow(
      makeGridRow({ action: 'Run youth forums', row: 14, sheet: 'Stay Safe', status: 'Exceptional', cells: { action: 'D14', update: 'E14:E15', laaRef: 'c14', outcome: 'A14', status: 'AB14', id: 'XFD14' } }),
    );
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({
      outcome: 'Stay safe',
      aim: 'S1',
      laaRefs: ['SC7'],
      action: 'Run youth forums',
      update: '',
      status: 'Exceptional',
      sheet: 'Stay Safe',
      rowNumber: 14,
      cells: { action: 'D14', outcome: 'A14', status: 'AB14', id: 'XFD14' },
    });
  });

  test('a row with no cells or no row number carries neither; a long sheet name is cut to Excel\'s 31 characters', () => {
    const parsed = payloadFromGridRow(makeGridRow({ action: 'x', row: 0, sheet: 'A sheet name much longer than thirty-one', cells: { update: 'not a cell' } }));
    expect(parsed.success).toBe(true);
    expect(parsed.data!.rowNumber).toBeUndefined();
    expect(parsed.data!.cells).toBeUndefined();
    expect(parsed.data!.sheet).toBe('A sheet name much longer than t');
    expect(parsed.data!.sheet).toHaveLength(31);
  });

  test('a row the service would refuse fails with zod\'s reason: no known outcome, no action', () => {
    const noOutcome = payloadFromGridRow(makeGridRow({ action: 'x', outcome: null }));
    expect(noOutcome.success).toBe(false);
    expect(noOutcome.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['outcome']);
    const noAction = payloadFromGridRow(makeGridRow({ action: undefined as unknown as string }));
    expect(noAction.success).toBe(false);
  });

  test('there and back: the service\'s view of a read row is the row the add-in read', () => {
    const read = makeGridRow({ action: 'Run youth forums', update: 'Two held', row: 6, cells: { action: 'D6', laaRef: 'C6' }, aim: 'S1', aimCode: 'S1', laaRefs: ['SC7'], laaRefsText: 'SC7' });
    const back = gridRowFromPayload(payloadFromGridRow(read).data!, 'r', config);
    expect({ ...back, id: null }).toEqual(read);
  });
});
