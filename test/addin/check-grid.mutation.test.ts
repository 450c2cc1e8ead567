/**
 * What the add-in writes to the officer's sheet after a check (checkGrid's plan, painted by
 * addin/excel/): a Row ID per action row, the marks that colour the cells with findings, and
 * its own highlight rules — added once, recognised on every later check, and written only
 * where something changed.
 */
import { DEFAULT_CONFIG } from '../../shared';
import { checkGrid, planRules } from '../../addin/check/check-grid';
import type { CellGrid, FormatRule } from '../../addin/excel/workbook-port';

const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];
const ID1 = '11111111-1111-4111-8111-111111111111';
const ID2 = '22222222-2222-4222-8222-222222222222';

function grid(values: unknown[][], rules: FormatRule[] = []): CellGrid {
  return { sheet: 'Stay Safe', sheetId: '{S1}', values, rules, isProtected: false };
}

function ids(...list: string[]) {
  let i = 0;
  return () => list[i++] ?? `ID-${i}`;
}

/** The sheet as the add-in leaves it: its values with the paint applied. */
function painted(g: CellGrid, check: ReturnType<typeof checkGrid>): unknown[][] {
  const values = g.values.map((r) => [...r]);
  const paint = check.paint;
  if (!paint) return values;
  const put = (row: number, column: number, value: string) => {
    while (values.length < row) values.push([]);
    const cells = values[row - 1]!;
    while (cells.length <= column) cells.push('');
    cells[column] = value;
  };
  if (paint.needsLabels) {
    put(paint.headerRow, paint.idColumn, 'Row ID');
    put(paint.headerRow, paint.marksColumn, 'Checks');
  }
  paint.ids?.values.forEach((v, i) => put(paint.ids!.firstRow + i, paint.idColumn, v));
  paint.marks?.values.forEach((v, i) => put(paint.marks!.firstRow + i, paint.marksColumn, v));
  return values;
}

const ownRules = (check: ReturnType<typeof checkGrid>): FormatRule[] => check.paint!.rules!.add.map((r, i) => ({ id: `own-${i}`, formula: r.formula }));

describe('checkGrid', () => {
  it('adds Row ID and Checks after the last used column, gives each action row an id and marks a missing ref', () => {
    const g = grid([['STAY SAFE'], HEADER, ['Stay safe', 'S1', 'SC7', 'Run JAG meetings', 'Monthly.'], ['', '', '', 'Fit smoke alarms', ''], [], ['', '', '', '', '']]);
    const check = checkGrid(g, DEFAULT_CONFIG, { newId: ids('A-ONE', 'A-TWO') });
    expect(check.header?.row).toBe(2);
    expect(check.rows.map((r) => [r.row, r.id, r.action])).toEqual([
      [3, 'a-one', 'Run JAG meetings'],
      [4, 'a-two', 'Fit smoke alarms'],
    ]);
    expect(check.paint).toMatchObject({ headerRow: 2, idColumn: 5, marksColumn: 6, needsLabels: true, columns: { outcome: 0, aim: 1, laaRef: 2, action: 3, update: 4 } });
    expect(check.paint!.ids).toEqual({ firstRow: 3, values: ['a-one', 'a-two'] });
    expect(check.paint!.marks).toEqual({ firstRow: 4, values: ['laaRef.err'] });
    expect(check.findings.map((f) => [f.rule, f.cell])).toEqual([['missing-laa-ref', 'C4']]);
  });

  it('recognises its own Row ID and Checks columns on the next check and writes nothing when nothing changed', () => {
    const g = grid([['STAY SAFE'], HEADER, ['Stay safe', 'S1', 'SC7', 'Run JAG meetings', 'Monthly.'], ['', '', '', 'Fit smoke alarms', '']]);
    const first = checkGrid(g, DEFAULT_CONFIG, { newId: ids(ID1, ID2) });
    const again = grid(painted(g, first), ownRules(first));
    const second = checkGrid(again, DEFAULT_CONFIG, { newId: () => 'never' });
    expect(second.paint).toBeNull();
    expect(second.rows.map((r) => r.id)).toEqual([ID1, ID2]);
    expect(second.findings.map((f) => f.cell)).toEqual(['C4']);
  });

  it('finds its Checks column whatever the case of the label, rather than adding another', () => {
    const g = grid([HEADER.concat(['Row ID', 'CHECKS ']), ['Stay safe', 'S1', 'SC7', 'Act', 'Done', ID1, '']]);
    const check = checkGrid(g, DEFAULT_CONFIG, { newId: () => 'never' });
    expect(check.paint).toMatchObject({ idColumn: 5, marksColumn: 6, needsLabels: false });
  });

  it('adds only the Checks column when the sheet has Row ID but not Checks', () => {
    const g = grid([HEADER.concat(['Row ID', 'Notes']), ['Stay safe', 'S1', 'SC7', 'Act', 'Done', ID1, 'x']]);
    const check = checkGrid(g, DEFAULT_CONFIG, { newId: () => 'never' });
    expect(check.paint).toMatchObject({ idColumn: 5, marksColumn: 7, needsLabels: true });
  });

  it('clears the Row ID and marks of a row the officer cleared, so a new action there gets a new identity', () => {
    const g = grid([HEADER.concat(['Row ID', 'Checks']), ['Stay safe', 'S1', 'SC7', 'Kept', 'Done', ID1, ''], ['', '', '', '', '', ID2, 'laaRef.err']]);
    const check = checkGrid(g, DEFAULT_CONFIG, { newId: () => 'never' });
    expect(check.paint!.ids).toEqual({ firstRow: 3, values: [''] });
    expect(check.paint!.marks).toEqual({ firstRow: 3, values: [''] });
    const later = grid(painted(g, check).map((r, i) => (i === 2 ? ['Stay safe', 'S1', 'SC7', 'A new action', '', ...r.slice(5)] : r)));
    const next = checkGrid(later, DEFAULT_CONFIG, { newId: ids('FRESH') });
    expect(next.rows.map((r) => r.id)).toEqual([ID1, 'fresh']);
  });

  it('gives a copied row (the same Row ID twice) a new id and keeps the first', () => {
    const g = grid([HEADER.concat(['Row ID', 'Checks']), ['Stay safe', 'S1', 'SC7', 'First', '', ID1, ''], ['Stay safe', 'S1', 'SC7', 'First (copy)', '', ID1, '']]);
    const check = checkGrid(g, DEFAULT_CONFIG, { newId: ids('COPY') });
    expect(check.rows.map((r) => r.id)).toEqual([ID1, 'copy']);
    expect(check.paint!.ids).toEqual({ firstRow: 3, values: ['copy'] });
  });

  it('gives ids only to the rows the officer changed, and none when told not to', () => {
    const values = [HEADER, ['Stay safe', 'S1', 'SC7', 'Mine', ''], ['Stay safe', 'S1', 'SC7', 'A co-author’s', '']];
    const mine = checkGrid(grid(values), DEFAULT_CONFIG, { newId: ids('NEW'), assignIds: new Set([2]) });
    expect(mine.rows.map((r) => r.id)).toEqual(['new', null]);
    expect(mine.paint!.ids).toEqual({ firstRow: 2, values: ['new'] });
    const none = checkGrid(grid(values), DEFAULT_CONFIG, { newId: ids('NEW'), assignIds: false });
    expect(none.rows.map((r) => r.id)).toEqual([null, null]);
    expect(none.paint!.ids).toBeNull();
  });

  it('writes the smallest run of marks that changed, several tokens of a row sorted in one cell', () => {
    const g = grid([
      HEADER.concat(['Row ID', 'Checks']),
      ['Stay safe', 'S1', 'SC7', 'One', '', ID1, ''],
      ['Stay sfae', 'Z9', '', 'Two', '', ID2, ''],
      ['Stay safe', 'S1', 'SC7', 'Three', '', '33333333-3333-4333-8333-333333333333', ''],
    ]);
    const check = checkGrid(g, DEFAULT_CONFIG, { newId: () => 'never' });
    expect(check.paint!.marks).toEqual({ firstRow: 3, values: ['aim.warn laaRef.err outcome.err'] });
    expect(check.paint!.ids).toBeNull();
  });

  it('keeps the officer’s own highlight rules and replaces only its own when they differ', () => {
    const g = grid([HEADER.concat(['Row ID', 'Checks']), ['Stay safe', 'S1', 'SC7', 'One', '', ID1, '']]);
    const planned = checkGrid(g, DEFAULT_CONFIG, { newId: () => 'never' }).paint!.rules!.add;
    const officers: FormatRule = { id: 'theirs', formula: '=$E2="late"' };
    const same = planned.map((r, i) => ({ id: `own-${i}`, formula: i === 0 ? r.formula.slice(1).toLowerCase() : r.formula }));
    expect(checkGrid(grid(g.values, [officers, ...same]), DEFAULT_CONFIG, { newId: () => 'never' }).paint).toBeNull();
    const stale = checkGrid(grid(g.values, [officers, { id: 'old', formula: '=ISNUMBER(SEARCH("aim.err",$Z2))' }]), DEFAULT_CONFIG, { newId: () => 'never' });
    expect(stale.paint!.rules).toEqual({ remove: ['old'], add: planned });
    const fewer = checkGrid(grid(g.values, same.slice(1)), DEFAULT_CONFIG, { newId: () => 'never' });
    expect(fewer.paint!.rules!.remove).toEqual(same.slice(1).map((r) => r.id));
  });

  it('reads a sheet with no grid as nothing to paint', () => {
    const check = checkGrid(grid([['Notes'], ['Some text']]), DEFAULT_CONFIG, { newId: () => 'never' });
    expect(check).toEqual({ sheet: 'Stay Safe', sheetId: '{S1}', isProtected: false, header: null, rows: [], findings: [], paint: null });
  });
});

describe('planRules', () => {
  it('colours each marked field by its token, and an action with a blank ref even without the add-in', () => {
    const rules = planRules({ laaRef: 2, action: 3 }, 6, 5);
    expect(rules).toEqual([
      {
        address: 'C5:C1048576',
        formula:
          '=OR(ISNUMBER(SEARCH("laaRef.err",$G5)),AND(LEN(TRIM(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE($D5,UNICHAR(160)," "),UNICHAR(10)," "),UNICHAR(13)," "),UNICHAR(9)," ")))>0,LEN(TRIM(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE($C5,UNICHAR(160)," "),UNICHAR(10)," "),UNICHAR(13)," "),UNICHAR(9)," ")))=0))',
        fill: '#FDE7E9',
        priority: 0,
      },
      { address: 'C5:C1048576', formula: '=ISNUMBER(SEARCH("laaRef.warn",$G5))', fill: '#FFF4CE', priority: 1 },
      { address: 'D5:D1048576', formula: '=ISNUMBER(SEARCH("action.err",$G5))', fill: '#FDE7E9', priority: 2 },
      { address: 'D5:D1048576', formula: '=ISNUMBER(SEARCH("action.warn",$G5))', fill: '#FFF4CE', priority: 3 },
    ]);
    expect(planRules({ laaRef: 2 }, 6, 5)[0]!.formula).toBe('=ISNUMBER(SEARCH("laaRef.err",$G5))');
  });
});
