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

  it('replaces its own rules when one of them was changed on the sheet (same number of rules, one formula pointing elsewhere)', () => {
    const g = grid([HEADER.concat(['Row ID', 'Checks']), ['Stay safe', 'S1', 'SC7', 'One', '', ID1, '']]);
    const planned = checkGrid(g, DEFAULT_CONFIG, { newId: () => 'never' }).paint!.rules!.add;
    // Excel may give its formulas back without "=": still ours, unchanged.
    const asExcelGivesThem = planned.map((r, i) => ({ id: `own-${i}`, formula: r.formula.slice(1) }));
    expect(checkGrid(grid(g.values, asExcelGivesThem), DEFAULT_CONFIG, { newId: () => 'never' }).paint).toBeNull();
    // One rule now looks at another column (a column was inserted by hand): all of ours are laid again.
    const moved = asExcelGivesThem.map((r, i) => (i === 1 ? { ...r, formula: r.formula.replace(/\$G2/g, '$H2') } : r));
    expect(moved[1]!.formula).not.toBe(asExcelGivesThem[1]!.formula);
    const check = checkGrid(grid(g.values, moved), DEFAULT_CONFIG, { newId: () => 'never' });
    expect(check.paint!.rules).toEqual({ remove: moved.map((r) => r.id), add: planned });
  });

  it('checks LAA refs against the period the pane syncs: an NI ref is out of its time in 2007-10, in use in 2008-08', () => {
    const g = grid([HEADER.concat(['Row ID', 'Checks']), ['Stay safe', 'S1', 'NI 50', 'School nurse drop-ins', 'Four schools.', ID1, '']]);
    const october = checkGrid(g, DEFAULT_CONFIG, { newId: () => 'never', period: '2007-10' });
    expect(october.findings.map((f) => [f.rule, f.cell])).toEqual([['laa-ref-out-of-period', 'C2']]);
    expect(october.paint!.marks).toEqual({ firstRow: 2, values: ['laaRef.warn'] });
    const august = checkGrid(g, DEFAULT_CONFIG, { newId: () => 'never', period: '2008-08' });
    expect(august.findings).toEqual([]);
    expect(august.paint!.marks).toBeNull();
  });

  it('writes no Row ID on a sheet it may not give ids to, even where the id is typed in another case', () => {
    const g = grid([HEADER.concat(['Row ID', 'Checks']), ['Stay safe', 'S1', 'SC7', 'Act', 'Done', ID1.toUpperCase(), '']]);
    const check = checkGrid(g, DEFAULT_CONFIG, { newId: () => 'never', assignIds: false });
    expect(check.paint?.ids ?? null).toBeNull();
  });

  it('lays its rules again when Excel has duplicated them (cells copied within the sheet), so each shows once', () => {
    const g = grid([HEADER.concat(['Row ID', 'Checks']), ['Stay safe', 'S1', 'SC7', 'One', '', ID1, '']]);
    const planned = checkGrid(g, DEFAULT_CONFIG, { newId: () => 'never' }).paint!.rules!.add;
    const twice = [...planned, ...planned].map((r, i) => ({ id: `own-${i}`, formula: r.formula }));
    const check = checkGrid(grid(g.values, twice), DEFAULT_CONFIG, { newId: () => 'never' });
    expect(check.paint!.rules).toEqual({ remove: twice.map((r) => r.id), add: planned });
  });

  it('reads a merged LAA Ref cell as the ref of every row it covers: no false "missing LAA ref" and no red mark', () => {
    const values = [HEADER.concat(['Row ID', 'Checks']), ['Stay safe', 'S1', 'SC7', 'JAG meetings', 'Monthly.', ID1, ''], ['Stay safe', 'S1', '', 'Youth forum', 'Held.', ID2, '']];
    const merged = checkGrid({ ...grid(values), merges: [{ top: 1, left: 2, bottom: 2, right: 2 }] }, DEFAULT_CONFIG, { newId: () => 'never' });
    expect(merged.rows.map((r) => r.laaRefs)).toEqual([['SC7'], ['SC7']]);
    expect(merged.findings.filter((f) => f.rule === 'missing-laa-ref')).toEqual([]);
    expect(merged.paint?.marks ?? null).toBeNull();
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
