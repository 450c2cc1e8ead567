/**
 * The reader's details an officer or the coordinator would notice (shared/grid/parse-grid.ts):
 * merged ranges at the limits a hostile file would push, the cell every field is named by
 * wherever its column sits, extra columns kept whole, what hidden rows and columns are called,
 * and the row the "no grid" refusal points to.
 */
import { AppError, DEFAULT_CONFIG, MAX_MERGED_CELLS, applyMerges, checkReturn, parseSheet, type PartnershipConfig, type SheetMerge } from '../../../shared';
import { MAX_GRID_COLUMNS, MAX_GRID_ROWS, parseSheets, describeNoGrid } from '../../../shared/grid/parse-grid';

const config = DEFAULT_CONFIG;
const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];

function refusal(merges: SheetMerge[]): AppError | undefined {
  try {
    applyMerges('Big', [['x']], merges);
    return undefined;
  } catch (error) {
    return error as AppError;
  }
}

describe('merged ranges at the limits', () => {
  // 100 columns (F to CZ) × 10,000 rows from row 2: exactly MAX_MERGED_CELLS, counted with the range's own offsets.
  const exact = { top: 1, left: 5, bottom: 10_000, right: 104 };

  test('ranges covering exactly the limit are read; one row more is refused with the sheet and the limit named', () => {
    expect(100 * 10_000).toBe(MAX_MERGED_CELLS);
    expect(refusal([exact])).toBeUndefined();
    const error = refusal([{ ...exact, bottom: 10_001 }]);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'too-many-merges', kind: 'unreadable-workbook', details: { sheet: 'Big', limit: MAX_MERGED_CELLS } });
    expect(error!.message).toBe('Sheet "Big" has merged ranges covering more than 1,000,000 cells; unmerge them and try again.');
    expect(refusal([{ ...exact, right: 105 }])).toBeInstanceOf(AppError);
  });

  test('a range wholly past the grid\'s last row or column is skipped, and cannot offset the count of the others', () => {
    // Clipped to the grid, each of these would count a negative number of cells.
    const pastRows = { top: MAX_GRID_ROWS + 100_000, left: 0, bottom: MAX_GRID_ROWS + 200_000, right: 0 };
    const pastColumns = { top: 0, left: MAX_GRID_COLUMNS + 1_000, bottom: 1000, right: MAX_GRID_COLUMNS + 5_000 };
    const upsideDown = { top: 40_000, left: 0, bottom: 0, right: 199 };
    const backwards = { top: 0, left: 150, bottom: 40_000, right: 0 };
    const over = { ...exact, bottom: 10_001 };
    for (const odd of [pastRows, pastColumns, upsideDown, backwards]) expect(refusal([odd, over])).toBeInstanceOf(AppError);
    expect(applyMerges('S', [['a', 'b']], [pastRows, pastColumns, upsideDown, backwards])).toEqual([['a', 'b']]);
    // Starting on the last row or column the grid reads is still read.
    const last = applyMerges('S', [['a']], [{ top: 0, left: MAX_GRID_COLUMNS - 1, bottom: 1, right: MAX_GRID_COLUMNS + 3 }]);
    expect(last.map((row) => row?.length)).toEqual([MAX_GRID_COLUMNS, MAX_GRID_COLUMNS]);
  });

  test('a merge reaching past the row limit fills rows only up to it, so the sheet is not called too long', () => {
    const values = [HEADER, ['Stay safe', 'S1', 'SC7', 'An action', 'u']];
    const sheet = parseSheet({ name: 'Tall', values, merges: [{ top: 1, left: 0, bottom: 2 * MAX_GRID_ROWS, right: 0 }] }, config);
    expect(sheet.findings).toEqual([]);
    expect(sheet.rows.map((r) => r.action)).toEqual(['An action']);
    expect(applyMerges('Tall', values, [{ top: 1, left: 0, bottom: 2 * MAX_GRID_ROWS, right: 0 }])).toHaveLength(MAX_GRID_ROWS);
  });

  test('a row the values leave out gets the merged value in the range\'s columns only', () => {
    expect(applyMerges('S', [['x', 'y']], [{ top: 0, left: 1, bottom: 1, right: 1 }])).toEqual([
      ['x', 'y'],
      [undefined, 'y'],
    ]);
    expect(applyMerges('S', [['x', 'y']], [{ top: 0, left: 1, bottom: 1, right: 1 }])[1]).toHaveLength(2);
  });
});

describe('the cell each field is named by', () => {
  test.each([
    ['Outcome', 'outcome'],
    ['Aim', 'aim'],
    ['LAA Ref', 'laaRef'],
    ['District Update', 'update'],
    ['Status', 'status'],
    ['Row ID', 'id'],
  ] as const)('a return whose first column is %s names that field\'s cells in column A', (label, field) => {
    const header = [label, ...HEADER.filter((h) => h !== label)];
    const row = header.map((h) => ({ Outcome: 'Stay safe', Aim: 'S1', 'LAA Ref': 'SC7', Actions: 'An action', 'District Update': 'u', Status: 'On track', 'Row ID': '3f1c1a2e-8d4b-4c7a-9f5e-2b6d8e9a0c11' })[h]);
    const [read] = parseSheet({ name: 'R', values: [[], header, row] }, config).rows;
    expect(read!.cells[field]).toBe('A3');
    expect(Object.values(read!.cells).filter((cell) => cell === 'A3')).toHaveLength(1);
  });

  test('every field\'s cell, the Row ID\'s too, when all seven columns are there', () => {
    const [read] = parseSheet({ name: 'R', values: [[...HEADER, 'Status', 'Row ID'], ['Stay safe', 'S1', 'SC7', 'a', 'u', 'At risk', '']] }, config).rows;
    expect(read!.cells).toEqual({ outcome: 'A2', aim: 'B2', laaRef: 'C2', action: 'D2', update: 'E2', status: 'F2', id: 'G2' });
  });

  test('a header of Actions and two others is a grid; Actions and one other is not', () => {
    expect(parseSheet({ name: 'Stay Safe', values: [['Actions', 'LAA Ref', 'Update'], ['a', 'SC7', 'u']] }, config).rows.map((r) => r.action)).toEqual(['a']);
    expect(parseSheet({ name: 'Stay Safe', values: [['Actions', 'LAA Ref', 'Notes'], ['a', 'SC7', 'u']] }, config).header).toBeNull();
  });
});

describe('extra columns', () => {
  test('every extra labelled column a row fills is kept, and only those it fills', () => {
    const sheet = parseSheet({ name: 'R', values: [[...HEADER, 'Lead officer', 'Partner', 'Budget'], ['Stay safe', 'S1', 'SC7', 'a', 'u', 'J. Smith', 'Police', ''], ['Stay safe', 'S1', 'SC7', 'b', 'u']] }, config);
    expect(sheet.rows.map((r) => r.extra)).toEqual([{ 'Lead officer': 'J. Smith', Partner: 'Police' }, {}]);
  });
});

describe('what a person cannot see', () => {
  const many = (n: number) => [HEADER, ...Array.from({ length: n }, (_, i) => ['Stay safe', 'S4', 'SC7', `Action ${i}`, 'u'])];
  test('exactly twenty hidden rows are all listed, with no "and 0 more"', () => {
    const finding = checkReturn([{ name: 'R', values: many(20), hiddenRows: Array.from({ length: 20 }, (_, i) => i + 1) }], config).findings.find((f) => f.rule === 'hidden-rows');
    expect(finding?.message).toContain('read as part of the return: rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21. Unhide');
  });

  test('hidden columns that are no columns are ignored without a finding', () => {
    expect(parseSheet({ name: 'R', values: many(1), hiddenColumns: [-1, 2.5, 9999] }, config).findings).toEqual([]);
  });

  test('a hidden column is named when any row read has text in it, by the officer\'s own label', () => {
    const values = [['Outcome', 'Aim', 'LAA Ref', 'Actions', 'Progress to date'], ['Stay safe', 'S4', 'SC7', 'First', ''], ['Stay safe', 'S4', 'SC7', 'Second', 'Done']];
    const [finding] = parseSheet({ name: 'R', values, hiddenColumns: [4] }, config).findings;
    expect(finding).toMatchObject({ rule: 'hidden-columns', cell: 'E1' });
    expect(finding!.message).toContain(': E (Progress to date).');
  });

  test('only hidden extra columns are named, at their header cell', () => {
    const values = [[...HEADER, 'Lead officer', 'Partner'], ['Stay safe', 'S4', 'SC7', 'First', 'u', 'J. Smith', 'Police']];
    const [finding] = parseSheet({ name: 'R', values, hiddenColumns: [6] }, config).findings;
    expect(finding).toMatchObject({ rule: 'hidden-columns', cell: 'G1' });
    expect(finding!.message).toContain(': G (Partner).');
  });
});

describe('when no grid is found', () => {
  test('the row with more columns recognised wins; with as many, the one with more labels; with the same, the first', () => {
    const sheets = [
      { name: 'One', values: [['Outcome', 'Lead']] },
      { name: 'Two', values: [['Outcome', 'Lead', 'Notes', 'Budget']] },
      { name: 'Three', values: [['Outcome', 'Lead', 'Notes', 'Budget']] },
    ];
    expect(describeNoGrid(parseSheets(sheets, config))).toContain('The likeliest header is row 1 of sheet "Two": it reads "Outcome" as Outcome, finds no Aim, LAA Ref, Actions or District Update column, and could not place "Lead", "Notes", "Budget".');
    const onOneSheet = parseSheets([{ name: 'S', values: [['Outcome', 'Aim', 'x'], ['Outcome', 'a', 'b', 'c', 'd', 'e'], ['Notes', 'More']] }], config);
    expect(describeNoGrid(onOneSheet)).toContain('row 1 of sheet "S": it reads "Outcome" as Outcome, "Aim" as Aim,');
  });

  test('a row of exactly two labels is a candidate; one missing column is named alone; nothing unplaced reads "none"', () => {
    expect(describeNoGrid(parseSheets([{ name: 'S', values: [['Outcome', 'Notes']] }], config))).toContain('row 1 of sheet "S"');
    const oneMissing = parseSheets([{ name: 'S', values: [['Outcome', 'Aim', 'LAA Ref', 'District Update']] }], config);
    expect(describeNoGrid(oneMissing)).toContain('it reads "Outcome" as Outcome, "Aim" as Aim, "LAA Ref" as LAA Ref, "District Update" as District Update, finds no Actions column, and could not place none.');
  });

  test('a candidate row with no label recognised says only what it lacks and could not place', () => {
    expect(describeNoGrid(parseSheets([{ name: 'Notes', values: [['Written by', 'Date']] }], config))).toContain(
      'The likeliest header is row 1 of sheet "Notes": finds no Outcome, Aim, LAA Ref, Actions or District Update column, and could not place "Written by", "Date".',
    );
  });
});

test('a blank row never names an outcome, even where an alias is punctuation only', () => {
  const dashed: PartnershipConfig = structuredClone(DEFAULT_CONFIG);
  dashed.outcomes.find((o) => o.code === 'S')!.aliases.push('-');
  const values = [HEADER, ['Be healthy', 'H1', 'HC3', 'First', 'u'], ['', '', '', '', ''], ['', '', 'HC3', 'Second', 'u']];
  expect(parseSheet({ name: 'Sheet1', values }, dashed).rows.map((r) => [r.action, r.outcome, r.aim])).toEqual([
    ['First', 'Be healthy', 'H1'],
    ['Second', 'Be healthy', 'H1'],
  ]);
});

test('one aim wording under two outcomes on consecutive rows: each row gets its own outcome\'s aim', () => {
  const shared: PartnershipConfig = structuredClone(DEFAULT_CONFIG);
  shared.outcomes.find((o) => o.code === 'S')!.aims[0]!.aliases.push('Safer streets');
  shared.outcomes.find((o) => o.code === 'H')!.aims[1]!.aliases.push('Safer streets');
  const values = [HEADER, ['Stay safe', 'Safer streets', 'SC7', 'First', 'u'], ['Be healthy', 'Safer streets', 'HC3', 'Second', 'u'], ['Stay safe', 'Safer streets', 'SC7', 'Third', 'u']];
  expect(parseSheet({ name: 'R', values }, shared).rows.map((r) => r.aimCode)).toEqual(['S1', 'H2', 'S1']);
});
