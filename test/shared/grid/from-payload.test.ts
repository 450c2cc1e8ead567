/**
 * Cells named as the officer sees them: a return whose columns are in another order keeps its
 * real addresses through the one conversion to a sync payload and back, so the rules run on
 * the service name the same cells as in the add-in.
 */
import { DEFAULT_CONFIG, gridRowFromPayload, parseSheet, payloadFromGridRow, RowPayload, validateRows } from '../../../shared';

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
