/**
 * The reader at the edges of what it reads (shared/grid/parse-grid.ts), each as an officer or
 * the coordinator would see it: the row limit named in a finding, the header searched for in
 * the first 200 rows only, a Row ID taken only when it is the add-in's, group headings and title
 * lines carrying an outcome, a second table on the sheet, and what a hidden sheet is called.
 */
import { DEFAULT_CONFIG, parseSheet, parseSheets } from '../../../shared';
import { MAX_GRID_ROWS } from '../../../shared/grid/parse-grid';

const config = DEFAULT_CONFIG;
const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];

describe('limits', () => {
  test('a sheet longer than the limit is read to the limit, and the finding says so at the last row read', () => {
    // Rows in between left out (as a reader gives rows it has no cells for): the limit is on the sheet's length.
    const sheetOf = (length: number) => {
      const values: unknown[][] = new Array(length);
      values[0] = HEADER;
      values[1] = ['Stay safe', 'S1', 'SC7', 'First', ''];
      values[MAX_GRID_ROWS - 1] = ['Stay safe', 'S1', 'SC7', 'At the limit', ''];
      if (length > MAX_GRID_ROWS) values[MAX_GRID_ROWS] = ['Stay safe', 'S1', 'SC7', 'Past the limit', ''];
      return { name: 'Long', values };
    };
    const long = parseSheet(sheetOf(MAX_GRID_ROWS + 1), config);
    expect(long.rows.map((r) => [r.row, r.action])).toEqual([
      [2, 'First'],
      [MAX_GRID_ROWS, 'At the limit'],
    ]);
    expect(long.findings).toEqual([
      expect.objectContaining({ rule: 'too-many-rows', severity: 'error', sheet: 'Long', cell: `A${MAX_GRID_ROWS}`, message: `Only the first ${MAX_GRID_ROWS} rows of sheet "Long" were read.` }),
    ]);
    // Exactly at the limit: everything is read and nothing is said.
    const atLimit = parseSheet(sheetOf(MAX_GRID_ROWS), config);
    expect(atLimit.rows.map((r) => r.action)).toEqual(['First', 'At the limit']);
    expect(atLimit.findings).toEqual([]);
  });

  test('the header is looked for in the first 200 rows: at row 200 it is found, at row 201 the sheet has no grid', () => {
    const withHeaderAt = (row: number) => [...Array.from({ length: row - 1 }, (_, i) => [`Note ${i + 1}`]), HEADER, ['Stay safe', 'S1', 'SC7', 'An action', '']];
    const at200 = parseSheet({ name: 'Notes first', values: withHeaderAt(200) }, config);
    expect(at200.header?.row).toBe(200);
    expect(at200.rows.map((r) => r.row)).toEqual([201]);
    const at201 = parseSheet({ name: 'Notes first', values: withHeaderAt(201) }, config);
    expect(at201.header).toBeNull();
    expect(at201.rows).toEqual([]);
  });

  test('more than 200 columns: the header is read from the first 200', () => {
    const wide = [...Array.from({ length: 200 }, (_, i) => (i < 5 ? HEADER[i] : `Extra ${i}`)), 'Status'];
    const sheet = parseSheet({ name: 'Wide', values: [wide, ['Stay safe', 'S1', 'SC7', 'An action', 'u', ...Array(195).fill(''), 'At risk']] }, config);
    expect(sheet.header?.columns.status).toBeUndefined();
    expect(sheet.rows[0]!.status).toBeNull();
  });
});

describe('Row IDs', () => {
  const read = (id: unknown) => parseSheet({ name: 'x', values: [[...HEADER, 'Row ID'], ['Stay safe', 'S1', 'SC7', 'a', 'u', id]] }, config).rows[0]!.id;
  test.each([
    ['3f1c1a2e-8d4b-4c7a-9f5e-2b6d8e9a0c11', '3f1c1a2e-8d4b-4c7a-9f5e-2b6d8e9a0c11'],
    ['3F1C1A2E-8D4B-4C7A-9F5E-2B6D8E9A0C11', '3f1c1a2e-8d4b-4c7a-9f5e-2b6d8e9a0c11'],
    ['3f1c1a2e-8d4b-1c7a-bf5e-2b6d8e9a0c11', '3f1c1a2e-8d4b-1c7a-bf5e-2b6d8e9a0c11'],
    ['3f1c1a2e-8d4b-8c7a-af5e-2b6d8e9a0c11', '3f1c1a2e-8d4b-8c7a-af5e-2b6d8e9a0c11'],
    // Not the add-in's: a version or variant no UUID has, text around it, a short one.
    ['3f1c1a2e-8d4b-0c7a-9f5e-2b6d8e9a0c11', null],
    ['3f1c1a2e-8d4b-9c7a-9f5e-2b6d8e9a0c11', null],
    ['3f1c1a2e-8d4b-4c7a-cf5e-2b6d8e9a0c11', null],
    ['3f1c1a2e-8d4b-4c7a-7f5e-2b6d8e9a0c11', null],
    ['id 3f1c1a2e-8d4b-4c7a-9f5e-2b6d8e9a0c11', null],
    ['3f1c1a2e-8d4b-4c7a-9f5e-2b6d8e9a0c11 old', null],
    ['3f1c1a2e8d4b4c7a9f5e2b6d8e9a0c11', null],
    ['3f1c1a2e-8d4b-4c7a-9f5e-2b6d8e9a0c1', null],
    ['3f1c1a2-8d4b-4c7a-9f5e-2b6d8e9a0c11', null],
    ['3f1c1a2e-8d4-4c7a-9f5e-2b6d8e9a0c11', null],
    ['3f1c1a2e-8d4b-4c7-9f5e-2b6d8e9a0c11', null],
    ['3f1c1a2e-8d4b-4c7a-9f5-2b6d8e9a0c11', null],
    ['3g1c1a2e-8d4b-4c7a-9f5e-2b6d8e9a0c11', null],
    ['', null],
  ])('the Row ID cell %j is read as %j', (typed, id) => {
    expect(read(typed)).toBe(id);
  });
});

describe('outcomes from headings and titles', () => {
  test('a group heading row (the outcome alone) sets the outcome and aim for the rows under it', () => {
    const sheet = parseSheet(
      { name: 'Return', values: [HEADER, ['Stay safe', 'S2', '', '', ''], ['', '', 'SC7', 'First', 'u'], ['', 'S3', 'SC7', 'Second', 'u'], ['Be healthy', '', '', '', ''], ['', '', 'HC3', 'Third', 'u']] },
      config,
    );
    expect(sheet.rows.map((r) => [r.row, r.outcome, r.outcomeText, r.aim])).toEqual([
      [3, 'Stay safe', 'Stay safe', 'S2'],
      [4, 'Stay safe', 'Stay safe', 'S3'],
      [6, 'Be healthy', 'Be healthy', ''],
    ]);
  });

  test('a title line inside the table names the outcome for the rows below it, and ends what carried down', () => {
    const sheet = parseSheet(
      { name: 'Return', values: [HEADER, ['Stay safe', 'S2', 'SC7', 'First', 'u'], ['CONTRIBUTION – BE HEALTHY'], ['', '', 'HC3', 'Second', 'u']] },
      config,
    );
    expect(sheet.rows.map((r) => [r.outcome, r.outcomeText, r.aim])).toEqual([
      ['Stay safe', 'Stay safe', 'S2'],
      ['Be healthy', 'Be healthy', ''],
    ]);
  });

  test('a title above the header names the outcome; a line of more than three texts is not a title', () => {
    const titled = parseSheet({ name: 'Sheet1', values: [['Leicestershire', 'CONTRIBUTION', '– STAY SAFE'], HEADER, ['', 'S1', 'SC7', 'a', 'u']] }, config);
    expect(titled.rows[0]!.outcome).toBe('Stay safe');
    const notTitle = parseSheet({ name: 'Sheet1', values: [['Leicestershire', 'County', 'CONTRIBUTION', 'STAY SAFE'], HEADER, ['', 'S1', 'SC7', 'a', 'u']] }, config);
    expect(notTitle.rows[0]!.outcome).toBeNull();
    // A title merged across cells repeats its text in each: counted once.
    const merged = parseSheet({ name: 'Sheet1', values: [['STAY SAFE', 'STAY SAFE', 'STAY SAFE', 'STAY SAFE', 'STAY SAFE'], HEADER, ['', 'S1', 'SC7', 'a', 'u']] }, config);
    expect(merged.rows[0]!.outcome).toBe('Stay safe');
  });

  test('an unknown outcome typed again in other spacing or case keeps the aim carried down', () => {
    const sheet = parseSheet({ name: 'Return', values: [HEADER, ['Be brave', 'B1', 'SC7', 'First', 'u'], ['BE  BRAVE', '', 'SC7', 'Second', 'u'], ['Be bold', '', 'SC7', 'Third', 'u']] }, config);
    expect(sheet.rows.map((r) => [r.outcome, r.outcomeText, r.aim])).toEqual([
      [null, 'Be brave', 'B1'],
      [null, 'BE  BRAVE', 'B1'],
      [null, 'Be bold', ''],
    ]);
  });
});

describe('a second table on the sheet', () => {
  test('a header again further down starts a new table with its own columns', () => {
    const sheet = parseSheet(
      {
        name: 'All',
        values: [HEADER, ['Stay safe', 'S1', 'SC7', 'First', 'u1'], [], ['Actions', 'Outcome', 'Aim', 'LAA Ref', 'Update'], ['Second', 'Be healthy', 'H1', 'HC3', 'u2']],
      },
      config,
    );
    expect(sheet.rows.map((r) => [r.row, r.action, r.outcome, r.laaRefs, r.update, r.cells.action])).toEqual([
      [2, 'First', 'Stay safe', ['SC7'], 'u1', 'D2'],
      [5, 'Second', 'Be healthy', ['HC3'], 'u2', 'A5'],
    ]);
  });

  test('a second table headed with a long Actions label, as long as the first header may have, is a table too', () => {
    const long = ['Outcome', 'Aim', 'LAA Ref', 'Key actions agreed by the partnership board 2008/09', 'District Update'];
    expect(long[3]!.length).toBeGreaterThan(40);
    const sheet = parseSheet({ name: 'All', values: [long, ['Stay safe', 'S1', 'SC7', 'First', 'u'], long, ['Be healthy', 'H1', 'HC3', 'Second', 'u']] }, config);
    expect(sheet.rows.map((r) => [r.row, r.action])).toEqual([
      [2, 'First'],
      [4, 'Second'],
    ]);
  });

  test('an action that happens to be a header word ("Actions", "Update") in a row that is not a header stays an action', () => {
    const sheet = parseSheet({ name: 'All', values: [HEADER, ['Stay safe', 'S1', 'SC7', 'Actions', 'Agreed at the board'], ['Stay safe', 'S1', 'SC7', 'Update', 'Sent']] }, config);
    expect(sheet.rows.map((r) => r.action)).toEqual(['Actions', 'Update']);
  });

  test('the outcome does not carry across into the second table', () => {
    const sheet = parseSheet({ name: 'Sheet1', values: [HEADER, ['Stay safe', 'S1', 'SC7', 'First', 'u'], HEADER, ['', '', 'HC3', 'Second', 'u']] }, config);
    expect(sheet.rows.map((r) => [r.outcome, r.aim])).toEqual([
      ['Stay safe', 'S1'],
      [null, ''],
    ]);
  });
});

describe('hidden sheets', () => {
  test('each hidden sheet is named with how hidden it is, in workbook order', () => {
    const parsed = parseSheets(
      [
        { name: 'Old', visibility: 'VeryHidden', values: [HEADER] },
        { name: 'Return', values: [HEADER, ['Stay safe', 'S1', 'SC7', 'a', 'u']] },
        { name: 'Older', visibility: 'Hidden', values: [HEADER] },
        { name: 'Notes', visibility: 'Visible', values: [['Notes']] },
      ],
      config,
    );
    expect(parsed.sheetOrder).toEqual(['Old', 'Return', 'Older', 'Notes']);
    expect(parsed.hiddenSheets).toEqual(['Old', 'Older']);
    expect(parsed.sheetsWithGrid).toEqual(['Return']);
    expect(parsed.findings.map((f) => [f.rule, f.sheet, f.cell])).toEqual([
      ['hidden-sheet', 'Old', 'A1'],
      ['hidden-sheet', 'Older', 'A1'],
      ['no-grid', 'Notes', 'A1'],
    ]);
    expect(parsed.findings[0]!.message).toContain('very hidden');
    expect(parsed.findings[1]!.message).not.toContain('very hidden');
    expect(parsed.findings[1]!.message).toContain('hidden');
  });

  test('rows from several sheets come in workbook order', () => {
    const parsed = parseSheets(
      [
        { name: 'Stay Safe', values: [HEADER, ['', 'S1', 'SC7', 'a', 'u']] },
        { name: 'Be Healthy', values: [HEADER, ['', 'H1', 'HC3', 'b', 'u'], ['', 'H1', 'HC3', 'c', 'u']] },
      ],
      config,
    );
    expect(parsed.rows.map((r) => [r.sheet, r.action, r.outcome])).toEqual([
      ['Stay Safe', 'a', 'Stay safe'],
      ['Be Healthy', 'b', 'Be healthy'],
      ['Be Healthy', 'c', 'Be healthy'],
    ]);
  });
});
