/**
 * The add-in against the stand-in played as strictly as Excel behaves (issue: "the add-in as
 * real Excel behaves"): text written as text, the officer's undo stack, dropdown picks that
 * raise no change event, co-authors, renames, failed paints, cell-edit mode, protection, and
 * highlight rules that behave like Excel's own. Each test asserts what the officer would see.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../shared';
import { MARK_STYLE } from '../../addin/check/marks';
import { createSheetChecker } from '../../addin/check/sheet-checker';
import { checkGrid, type GridCheck } from '../../addin/check/check-grid';
import { createExcelWorkbook } from '../../addin/excel/excel-workbook';
import { SheetProtectedError } from '../../addin/excel/workbook-port';
import { convertAsExcel, ExcelStandIn } from '../support/excel-stand-in';

const RED = MARK_STYLE.error.fill;
const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];
const settle = (ms = 40) => new Promise((resolve) => setTimeout(resolve, ms));

function setUp(options: { apiMinor?: number } = {}) {
  const apiMinor = options.apiMinor ?? 14;
  const hasTriggerSource = apiMinor >= 14;
  const excel = new ExcelStandIn({ hasTriggerSource, apiMinor });
  excel.edit('Sheet1', 'A1', [['A return'], [], [], HEADER]);
  const workbook = createExcelWorkbook({ api: excel, hasTriggerSource, apiMinor, editModeDelayMs: 5 });
  const checks: GridCheck[] = [];
  const errors: unknown[] = [];
  const checker = createSheetChecker({
    workbook,
    sheet: excel.idOf('Sheet1'),
    config: DEFAULT_CONFIG,
    newId: randomUUID,
    debounceMs: 5,
    selectionDebounceMs: 10,
    onChecked: (check) => checks.push(check),
    onError: (error) => errors.push(error),
  });
  const watch = () =>
    workbook.watchSheet(excel.idOf('Sheet1'), (event) =>
      event.kind === 'selection' ? checker.notifySelection(event.address) : checker.notifyChanged({ isRemote: event.isRemote, address: event.address }),
    );
  return { excel, workbook, checker, checks, errors, watch };
}

const ROW = ['Stay safe', 'S1', 'SC7', 'Run a campaign', 'Ran in March'];

describe('text the add-in writes is what the officer sees', () => {
  const tricky = ['=HYPERLINK("http://x","y")', '+44 116 255 0000', '-see the note', '01234', '1.50'];

  it('carries over rows whose text starts with =, + or - or looks like a number, unchanged', async () => {
    const excel = new ExcelStandIn({ hasTriggerSource: true });
    const workbook = createExcelWorkbook({ api: excel, hasTriggerSource: true });
    const { name } = await workbook.createReturnSheet({
      name: 'Return',
      title: 'Return',
      outcomes: ['Stay safe'],
      aims: ['S1'],
      rows: tricky.map((text, i) => ({ id: randomUUID(), outcome: 'Stay safe', aim: 'S1', laaRef: i === 3 ? text : 'SC7', action: text, update: text })),
    });
    tricky.forEach((text, i) => {
      expect(excel.value(name, `D${4 + i}`)).toBe(text);
      expect(excel.value(name, `E${4 + i}`)).toBe(text);
      expect(excel.formula(name, `D${4 + i}`)).toBeNull();
    });
    expect(excel.value(name, 'C7')).toBe('01234');
    // What the officer types later in the grid stays text too.
    excel.edit(name, 'C20', [['00712']]);
    expect(excel.value(name, 'C20')).toBe('00712');
  });

  it("writes the service's version of a row as text", async () => {
    const { excel, workbook } = setUp();
    await workbook.writeCells('Sheet1', [
      { cell: 'D5', value: '=1+1' },
      { cell: 'C5', value: '007' },
    ]);
    expect(excel.value('Sheet1', 'D5')).toBe('=1+1');
    expect(excel.formula('Sheet1', 'D5')).toBeNull();
    expect(excel.value('Sheet1', 'C5')).toBe('007');
    expect(excel.numberFormatOf('Sheet1', 'C5')).toBe('@');
  });
});

describe('undo', () => {
  it('writes nothing when an edit changes no id and no mark, so an old Excel keeps the undo stack', async () => {
    const ctx = setUp({ apiMinor: 8 });
    await ctx.watch();
    ctx.excel.edit('Sheet1', 'A5', [ROW]);
    await ctx.checker.checkNow();
    ctx.excel.edit('Sheet1', 'E5', [['Ran in March and April']]);
    const syncs = ctx.excel.syncCount;
    await settle();
    expect(ctx.checks.at(-1)!.paint).toBeNull();
    expect(ctx.excel.syncCount - syncs).toBe(1);
    // On ExcelApi < 1.19 any API write clears the stack: it is still there.
    expect(ctx.excel.undoStack).toEqual(['officer']);
  });

  it('does not remake its rules or labels when the pane opens again on a checked sheet', async () => {
    const ctx = setUp({ apiMinor: 8 });
    ctx.excel.edit('Sheet1', 'A5', [ROW]);
    await ctx.checker.checkNow();
    const rules = ctx.excel.ruleFormulas('Sheet1');
    ctx.excel.edit('Sheet1', 'E5', [['typed before the pane reopened']]);
    const again = createSheetChecker({ workbook: ctx.workbook, sheet: ctx.excel.idOf('Sheet1'), config: DEFAULT_CONFIG, newId: randomUUID, onChecked: () => {}, onError: () => {} });
    const check = await again.checkNow();
    expect(check.paint).toBeNull();
    expect(ctx.excel.ruleFormulas('Sheet1')).toEqual(rules);
    expect(ctx.excel.undoStack).toEqual(['officer']);
  });

  it('groups its batches into one undo record where ExcelApi 1.20 allows', async () => {
    const ctx = setUp({ apiMinor: 20 });
    await ctx.watch();
    ctx.excel.edit('Sheet1', 'A5', [['Stay safe', 'S1', '', 'Run a campaign', '']]);
    await ctx.checker.checkNow();
    expect(ctx.excel.runOptions.at(-1)).toEqual({ delayForCellEdit: true, mergeUndoGroup: true });
    // The officer's edit, then the add-in's paint: Ctrl+Z undoes the paint first (docs/addin.md).
    expect(ctx.excel.undoStack.slice(-2)).toEqual(['officer', 'add-in']);
  });
});

describe('every edit is checked', () => {
  it('catches a dropdown pick that raised no change event (Excel on the web) when the selection moves on', async () => {
    const ctx = setUp();
    await ctx.watch();
    ctx.excel.edit('Sheet1', 'A5', [['', 'S1', 'SC7', 'Run a campaign', '']]);
    await settle();
    expect(ctx.checks.at(-1)!.findings.some((f) => f.cell === 'A5')).toBe(true);
    const before = ctx.checks.length;
    ctx.excel.pickFromDropdown('Sheet1', 'A5', 'Stay safe', { firesChange: false });
    await settle();
    expect(ctx.checks.length).toBe(before);
    ctx.excel.select('Sheet1', 'B5');
    await settle();
    expect(ctx.checks.length).toBeGreaterThan(before);
    expect(ctx.checks.at(-1)!.findings.some((f) => f.cell === 'A5')).toBe(false);
  });

  it("gives no id to a co-author's new row (their pane does), but does to the officer's own", async () => {
    const ctx = setUp();
    await ctx.watch();
    await ctx.checker.checkNow();
    ctx.excel.remoteEdit('Sheet1', 'A5', [ROW]);
    await settle();
    expect(ctx.checks.length).toBeGreaterThan(0);
    expect(ctx.excel.value('Sheet1', 'F5')).toBe('');
    ctx.excel.edit('Sheet1', 'A6', [['Stay safe', 'S2', 'SC3.1', 'Fit smoke alarms', '']]);
    await settle();
    expect(ctx.excel.value('Sheet1', 'F6')).toMatch(/^[0-9a-f-]{36}$/);
    expect(ctx.excel.value('Sheet1', 'F5')).toBe('');
  });

  it('keeps checking a sheet the officer renames', async () => {
    const ctx = setUp();
    await ctx.watch();
    await ctx.checker.checkNow();
    ctx.excel.rename('Sheet1', 'My return');
    ctx.excel.edit('My return', 'A5', [['Stay safe', 'S1', '', 'Run a campaign', '']]);
    await settle();
    expect(ctx.errors).toEqual([]);
    expect(ctx.checks.at(-1)!.sheet).toBe('My return');
    expect(ctx.excel.shownFill('My return', 'C5')).toBe(RED);
  });

  it('checks again after a sort', async () => {
    const ctx = setUp();
    await ctx.watch();
    ctx.excel.edit('Sheet1', 'A5', [ROW, ['Stay safe', 'S2', '', 'Another action', '']]);
    await settle();
    const before = ctx.checks.length;
    ctx.excel.sortRows('Sheet1', 5, 6, 'D');
    await settle();
    expect(ctx.checks.length).toBeGreaterThan(before);
    expect(ctx.excel.shownFill('Sheet1', 'C5')).toBe(RED);
    expect(ctx.excel.shownFill('Sheet1', 'C6')).toBeNull();
  });

  it('switches events back on when a paint fails with them off (Excel before 1.14)', async () => {
    const ctx = setUp({ apiMinor: 8 });
    ctx.excel.edit('Sheet1', 'A5', [ROW]);
    const grid = await ctx.workbook.readGrid(ctx.excel.idOf('Sheet1'));
    expect(grid.isProtected).toBe(false);
    const paint = checkGrid(grid, DEFAULT_CONFIG, { newId: randomUUID }).paint!;
    ctx.excel.protect('Sheet1');
    await expect(ctx.workbook.paintFindings(paint)).rejects.toBeInstanceOf(SheetProtectedError);
    expect(ctx.excel.eventsEnabled).toBe(true);
  });

  it('waits for the officer to leave cell-edit mode with delayForCellEdit, and retries on older Excel', async () => {
    for (const apiMinor of [11, 8]) {
      const ctx = setUp({ apiMinor });
      await ctx.watch();
      ctx.excel.isInCellEditMode = true;
      ctx.excel.edit('Sheet1', 'A5', [['Stay safe', 'S1', '', 'Typed while editing another cell', '']]);
      await settle();
      ctx.excel.isInCellEditMode = false;
      await settle(150);
      expect(ctx.excel.shownFill('Sheet1', 'C5')).toBe(RED);
      expect(ctx.excel.runOptions.some((o) => o.delayForCellEdit === true)).toBe(apiMinor >= 11);
    }
  });

  it('lists the findings of a protected sheet and says plainly why it is not marked', async () => {
    const ctx = setUp();
    ctx.excel.edit('Sheet1', 'A5', [['Stay safe', 'S1', '', 'Run a campaign', '']]);
    ctx.excel.protect('Sheet1');
    const check = await ctx.checker.checkNow();
    expect(check.isProtected).toBe(true);
    expect(check.findings.map((f) => f.cell)).toContain('C5');
    expect(ctx.excel.value('Sheet1', 'F5')).toBe('');
    expect(new SheetProtectedError('Sheet1').message).toMatch(/protected.*Unprotect Sheet/);
  });
});

describe('marks that behave like Excel', () => {
  it('treats a ref of non-breaking spaces or line breaks as missing, with or without the add-in', async () => {
    const ctx = setUp();
    await ctx.checker.checkNow();
    ctx.checker.stop();
    ctx.excel.edit('Sheet1', 'A5', [
      ['Stay safe', 'S1', '\u00a0', 'Run a campaign', ''],
      ['Stay safe', 'S1', '\n', 'Fit smoke alarms', ''],
      ['Stay safe', 'S1', 'SC7', 'Visit schools', ''],
    ]);
    expect(ctx.excel.shownFill('Sheet1', 'C5')).toBe(RED);
    expect(ctx.excel.shownFill('Sheet1', 'C6')).toBe(RED);
    expect(ctx.excel.shownFill('Sheet1', 'C7')).toBeNull();
  });

  it("leaves the officer's own conditional formats alone", async () => {
    const ctx = setUp();
    ctx.excel.addOwnRule('Sheet1', 'C5:C100', '=LEN($C5)>10', '#00FF00');
    ctx.excel.edit('Sheet1', 'A5', [ROW]);
    await ctx.checker.checkNow();
    expect(ctx.excel.ruleFormulas('Sheet1')).toContain('=LEN($C5)>10');
  });

  it('keeps the marks column text out of sight and out of print', async () => {
    const ctx = setUp();
    ctx.excel.edit('Sheet1', 'A5', [['Stay safe', 'S1', '', 'Run a campaign', '']]);
    await ctx.checker.checkNow();
    expect(ctx.excel.value('Sheet1', 'G5')).toMatch(/laaRef\.err/);
    expect(ctx.excel.printedText('Sheet1', 'G5')).toBe('');
  });
});

describe('the stand-in is as strict as Excel', () => {
  it('converts written strings as Excel does unless the cell is Text', () => {
    expect(convertAsExcel('01234', 'General')).toBe(1234);
    expect(convertAsExcel('01234', '@')).toBe('01234');
    expect(convertAsExcel('=1+1', undefined)).toEqual({ formula: '=1+1', value: '#NAME?' });
    expect(convertAsExcel('+44 116', undefined)).toEqual({ formula: '=+44 116', value: '#NAME?' });
    expect(convertAsExcel('-', undefined)).toBe('-');
    expect(convertAsExcel('Stay safe', undefined)).toBe('Stay safe');
  });

  it("has Excel's TRIM, which removes only the space character", () => {
    const excel = new ExcelStandIn();
    excel.addOwnRule('Sheet1', 'A1', '=LEN(TRIM($B1))=0', '#111111');
    excel.edit('Sheet1', 'B1', [['\u00a0']]);
    expect(excel.shownFill('Sheet1', 'A1')).toBeNull();
    excel.edit('Sheet1', 'B1', [['   ']]);
    expect(excel.shownFill('Sheet1', 'A1')).toBe('#111111');
  });

  it('implements the model without casts', () => {
    const source = readFileSync(join(__dirname, '../support/excel-stand-in.ts'), 'utf8');
    expect(source).not.toMatch(/as unknown as/);
    expect(source).toMatch(/class StandInRange implements RangeModel/);
    expect(source).toMatch(/class StandInWorksheet implements WorksheetModel/);
  });
});

describe('merged cells', () => {
  it('reads merged areas with the grid where ExcelApi 1.13 has them, and does without below', async () => {
    for (const apiMinor of [13, 8]) {
      const ctx = setUp({ apiMinor });
      ctx.excel.rename('Sheet1', "Return, Q1's");
      ctx.excel.merge("Return, Q1's", 'A1:E1');
      ctx.excel.merge("Return, Q1's", 'B7:B9');
      const grid = await ctx.workbook.readGrid(ctx.excel.idOf("Return, Q1's"));
      if (apiMinor >= 13) {
        expect(grid.merges).toEqual([
          { top: 0, left: 0, bottom: 0, right: 4 },
          { top: 6, left: 1, bottom: 8, right: 1 },
        ]);
      } else {
        expect(grid.merges).toBeUndefined();
      }
      expect(grid.values[3]).toEqual(HEADER);
    }
  });
});
