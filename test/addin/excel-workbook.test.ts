/**
 * The Excel adapter and the sheet checker against the stand-in of Excel's object model: what
 * the officer sees on the sheet (highlights, hidden columns, ids), and how many round trips
 * to Excel one change costs.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_CONFIG } from '../../shared';
import { MARK_STYLE } from '../../addin/check/marks';
import { createSheetChecker, type SheetChecker } from '../../addin/check/sheet-checker';
import type { GridCheck } from '../../addin/check/check-grid';
import { createExcelWorkbook, LISTS_SHEET } from '../../addin/excel/excel-workbook';
import { ExcelStandIn } from '../support/excel-stand-in';

const RED = MARK_STYLE.error.fill;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const TITLE = ["LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE"];
const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];

function setUp(options: { hasTriggerSource?: boolean } = {}) {
  const excel = new ExcelStandIn({ hasTriggerSource: options.hasTriggerSource ?? true });
  excel.edit('Sheet1', 'A1', [TITLE, ['(20 March 2008)'], [], HEADER]);
  const workbook = createExcelWorkbook({ api: excel, hasTriggerSource: options.hasTriggerSource ?? true, editModeDelayMs: 5 });
  const checks: GridCheck[] = [];
  let waiting: ((check: GridCheck) => void) | null = null;
  const checker: SheetChecker = createSheetChecker({
    workbook,
    sheet: 'Sheet1',
    config: DEFAULT_CONFIG,
    newId: randomUUID,
    debounceMs: 5,
    onChecked: (check) => {
      checks.push(check);
      waiting?.(check);
      waiting = null;
    },
    onError: (error) => {
      throw error;
    },
  });
  const nextCheck = () => new Promise<GridCheck>((resolve) => (waiting = resolve));
  return { excel, workbook, checker, checks, nextCheck };
}

async function startWatching(ctx: ReturnType<typeof setUp>) {
  await ctx.workbook.watchSheet(ctx.excel.idOf('Sheet1'), (event) =>
    event.kind === 'selection' ? ctx.checker.notifySelection(event.address) : ctx.checker.notifyChanged({ isRemote: event.isRemote, address: event.address }),
  );
  return ctx.checker.checkNow();
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

describe('the Excel adapter with the sheet checker', () => {
  it('marks a row with an action and no LAA ref, lists it, and clears the mark when the ref is typed', async () => {
    const ctx = setUp();
    await startWatching(ctx);
    ctx.excel.setOwnFill('Sheet1', 'C5', '#E2EFDA');

    let check = ctx.nextCheck();
    ctx.excel.edit('Sheet1', 'A5', [['Stay safe', 'S1', '', 'Run a domestic violence awareness campaign', 'Campaign ran in March']]);
    let result = await check;
    expect(result.findings.filter((f) => f.rule === 'missing-laa-ref').map((f) => f.cell)).toEqual(['C5']);
    expect(ctx.excel.shownFill('Sheet1', 'C5')).toBe(RED);

    check = ctx.nextCheck();
    ctx.excel.edit('Sheet1', 'C5', [['SC7']]);
    result = await check;
    expect(result.findings.filter((f) => f.rule === 'missing-laa-ref')).toEqual([]);
    // The officer's own green is back: the add-in never painted over it.
    expect(ctx.excel.shownFill('Sheet1', 'C5')).toBe('#E2EFDA');
  });

  it('shows a missing LAA ref from the sheet alone, so it survives emailing without the add-in', async () => {
    const ctx = setUp();
    await startWatching(ctx);
    ctx.checker.stop();
    // No add-in running now: the conditional format itself tests the row.
    ctx.excel.edit('Sheet1', 'A9', [['Stay safe', 'S2', '', 'Fit smoke alarms', '']]);
    expect(ctx.excel.shownFill('Sheet1', 'C9')).toBe(RED);
    ctx.excel.edit('Sheet1', 'C9', [['SC3.1']]);
    expect(ctx.excel.shownFill('Sheet1', 'C9')).toBeNull();
  });

  it('marks other findings on their cells and unmarks them when fixed', async () => {
    const ctx = setUp();
    await startWatching(ctx);
    let check = ctx.nextCheck();
    ctx.excel.edit('Sheet1', 'A5', [['Stay sfae', 'S1', 'CYP1', 'Run a campaign', '']]);
    let result = await check;
    expect(result.findings.map((f) => [f.rule, f.cell])).toContainEqual(['unknown-outcome', 'A5']);
    expect(ctx.excel.shownFill('Sheet1', 'A5')).toBe(RED);
    check = ctx.nextCheck();
    ctx.excel.edit('Sheet1', 'A5', [['Stay safe']]);
    result = await check;
    expect(result.findings).toEqual([]);
    expect(ctx.excel.shownFill('Sheet1', 'A5')).toBeNull();
  });

  it('finds the grid however its header is worded and ordered', async () => {
    const excel = new ExcelStandIn({ hasTriggerSource: true });
    excel.edit('Sheet1', 'B2', [
      ['APPENDIX'],
      ['Action', 'LAA Reference', 'Update', 'ECM Outcome'],
      ['Youth shelter consultation', '', '', 'Make a positive contribution'],
    ]);
    const workbook = createExcelWorkbook({ api: excel, hasTriggerSource: true });
    const checker = createSheetChecker({ workbook, sheet: 'Sheet1', config: DEFAULT_CONFIG, newId: randomUUID, onChecked: () => {}, onError: () => {} });
    const check = await checker.checkNow();
    expect(check.header?.row).toBe(3);
    expect(check.findings.find((f) => f.rule === 'missing-laa-ref')?.cell).toBe('C4');
    expect(excel.shownFill('Sheet1', 'C4')).toBe(RED);
  });

  it('gives each action row a UUID in a hidden Row ID column, and a new one to a copied row', async () => {
    const ctx = setUp();
    ctx.excel.edit('Sheet1', 'A5', [
      ['Stay safe', 'S1', 'SC7', 'First action', ''],
      ['', '', 'SC7', 'Second action', ''],
    ]);
    const first = await startWatching(ctx);
    const idColumn = first.paint!.idColumn;
    expect(idColumn).toBe(5);
    expect(ctx.excel.value('Sheet1', 'F4')).toBe('Row ID');
    expect(ctx.excel.isColumnHidden('Sheet1', 'F')).toBe(true);
    expect(ctx.excel.isColumnHidden('Sheet1', 'G')).toBe(true);
    const id5 = ctx.excel.value('Sheet1', 'F5') as string;
    const id6 = ctx.excel.value('Sheet1', 'F6') as string;
    expect(id5).toMatch(UUID);
    expect(id6).toMatch(UUID);
    expect(id5).not.toBe(id6);

    // The officer copies row 5 (id and all) into row 7.
    const check = ctx.nextCheck();
    ctx.excel.edit('Sheet1', 'A7', [['Stay safe', 'S1', 'SC7', 'First action (copy)', '', id5]]);
    const result = await check;
    expect(ctx.excel.value('Sheet1', 'F5')).toBe(id5);
    const id7 = ctx.excel.value('Sheet1', 'F7') as string;
    expect(id7).toMatch(UUID);
    expect(id7).not.toBe(id5);
    expect(new Set(result.rows.map((r) => r.id)).size).toBe(3);
  });

  it('keeps a row id with its row when rows are deleted above it', async () => {
    const ctx = setUp();
    ctx.excel.edit('Sheet1', 'A5', [
      ['Stay safe', 'S1', 'SC7', 'First action', ''],
      ['', '', 'SC7', 'Second action', ''],
    ]);
    await startWatching(ctx);
    const id6 = ctx.excel.value('Sheet1', 'F6');
    const check = ctx.nextCheck();
    ctx.excel.deleteRows('Sheet1', 5, 1);
    const result = await check;
    expect(result.rows.map((r) => [r.row, r.action, r.id])).toEqual([[5, 'Second action', id6]]);
  });

  it.each([true, false])('does not check again after its own writes (triggerSource supported: %s)', async (hasTriggerSource) => {
    const ctx = setUp({ hasTriggerSource });
    await startWatching(ctx);
    const check = ctx.nextCheck();
    ctx.excel.edit('Sheet1', 'A5', [['Stay safe', 'S1', '', 'An action', '']]);
    await check;
    await settle();
    // One check for the officer's edit; the ids and marks it wrote did not start another.
    expect(ctx.checks).toHaveLength(2);
    expect(ctx.excel.eventsEnabled).toBe(true);
  });

  it('costs at most two context.syncs per change event, a paste of 1,000 rows included', async () => {
    const ctx = setUp();
    await startWatching(ctx);

    let before = ctx.excel.syncCount;
    let check = ctx.nextCheck();
    ctx.excel.edit('Sheet1', 'A5', [['Stay safe', 'S1', '', 'One typed action', '']]);
    await check;
    expect(ctx.excel.syncCount - before).toBeLessThanOrEqual(2);

    const paste = Array.from({ length: 1000 }, (_, i) => ['Stay safe', 'S4', i % 7 === 0 ? '' : 'SC5.1', `Pasted action ${i}`, `Update ${i}`]);
    before = ctx.excel.syncCount;
    check = ctx.nextCheck();
    ctx.excel.edit('Sheet1', 'A6', paste);
    const result = await check;
    await settle();
    expect(ctx.excel.syncCount - before).toBeLessThanOrEqual(2);
    expect(result.rows).toHaveLength(1001);
    expect(result.findings.filter((f) => f.rule === 'missing-laa-ref')).toHaveLength(1 + 143);
    expect(ctx.excel.shownFill('Sheet1', 'C6')).toBe(RED);
    expect(ctx.excel.shownFill('Sheet1', 'C7')).toBeNull();
  });

  it('checks an edit made while Excel was in cell-edit mode once Excel lets it', async () => {
    const ctx = setUp();
    await startWatching(ctx);
    ctx.excel.isInCellEditMode = true;
    const check = ctx.nextCheck();
    ctx.excel.edit('Sheet1', 'A5', [['Stay safe', 'S1', '', 'Typed while editing another cell', '']]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ctx.checks).toHaveLength(1);
    ctx.excel.isInCellEditMode = false;
    const result = await check;
    expect(result.findings.map((f) => f.cell)).toContain('C5');
    expect(ctx.excel.shownFill('Sheet1', 'C5')).toBe(RED);
  });

  it('starts a return: header, carried-over rows with their ids, dropdowns fed from a hidden lists sheet', async () => {
    const excel = new ExcelStandIn({ hasTriggerSource: true });
    const workbook = createExcelWorkbook({ api: excel, hasTriggerSource: true });
    const id = randomUUID();
    const { name } = await workbook.createReturnSheet({
      name: 'Return 2008-08',
      title: 'LEICESTERSHIRE … (August 2008)',
      outcomes: DEFAULT_CONFIG.outcomes.map((o) => o.name),
      aims: ['S1  Safe from maltreatment', 'S2  Safe from accidental injury'],
      rows: [{ id, outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'Carried action', update: '' }],
    });
    expect(name).toBe('Return 2008-08');
    expect(excel.values(name)[2]).toEqual(['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Row ID', 'Checks']);
    expect(excel.value(name, 'D4')).toBe('Carried action');
    expect(excel.value(name, 'F4')).toBe(id);
    expect(excel.visibilityOf(LISTS_SHEET)).toBe('VeryHidden');
    expect(excel.value(LISTS_SHEET, 'A2')).toBe(DEFAULT_CONFIG.outcomes[1]!.name);
    expect(excel.validationSource(name, 'A10')).toBe(`='${LISTS_SHEET}'!$A$1:$A$${DEFAULT_CONFIG.outcomes.length}`);
    expect(excel.validationSource(name, 'B10')).toBe(`='${LISTS_SHEET}'!$B$1:$B$2`);
    expect(excel.activeSheet).toBe(name);

    // A second start does not clobber the first sheet.
    const { name: again } = await workbook.createReturnSheet({ name: 'Return 2008-08', title: 't', outcomes: ['Stay safe'], aims: [], rows: [] });
    expect(again).toBe('Return 2008-08 (2)');
    expect(excel.value(name, 'D4')).toBe('Carried action');
  });

  it('selects the cell of a finding', async () => {
    const ctx = setUp();
    ctx.excel.addSheet('Other');
    ctx.excel.activeSheet = 'Other';
    await ctx.workbook.selectCell('Sheet1', 'C12');
    expect(ctx.excel.selection).toEqual({ sheet: 'Sheet1', address: 'C12' });
    expect(ctx.excel.activeSheet).toBe('Sheet1');
  });
});
