/**
 * The workbook port over Excel's object model: the only code that reads or writes cells.
 *
 * Rules:
 * - one Excel.run per operation; a read is one context.sync, a paint one more, whatever the
 *   grid's size: loads and writes are queued, never synced in a loop;
 * - the add-in's own writes do not come back as changes: with ExcelApi 1.14 the handler drops
 *   events whose triggerSource is "ThisLocalAddin"; below it, writes are wrapped in
 *   runtime.enableEvents = false … true (ExcelApi 1.8);
 * - a batch refused because the officer is editing a cell (InvalidOperationInCellEditMode) is
 *   run again after a pause, so the change it was checking is not lost;
 * - a missing LAA ref is highlighted by a conditional format on the LAA Ref column that also
 *   tests the row's cells directly, so it shows the moment an action has no ref, with or
 *   without the add-in; other findings through the marks column (addin/check/marks.ts).
 */
import { cellAddress, columnLetter, HEADER_LABELS } from '../../shared';
import { MARK_STYLE, MARKED_FIELDS, MARKS_LABEL, markToken, type MarkedSeverity } from '../check/marks';
import type { ExcelApi, ExcelContext, RangeModel, WorksheetModel } from './excel-model';
import type { CellGrid, NewReturnSheet, SheetPaint, WorkbookPort } from './workbook-port';

export const LISTS_SHEET = 'DR Lists';
const LAST_ROW = 1_048_576;
const VALIDATED_ROWS = 5000;

export interface ExcelWorkbookOptions {
  api: ExcelApi;
  /** ExcelApi 1.14 is there: change events say who made them. */
  hasTriggerSource: boolean;
  sleep?: (ms: number) => Promise<void>;
  /** How often a batch refused in cell-edit mode is tried again. */
  editModeRetries?: number;
  editModeDelayMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createExcelWorkbook(options: ExcelWorkbookOptions): WorkbookPort {
  const { api, hasTriggerSource } = options;
  const sleep = options.sleep ?? defaultSleep;
  const retries = options.editModeRetries ?? 40;
  const delay = options.editModeDelayMs ?? 250;

  const isCellEditMode = (error: unknown) =>
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === api.ErrorCodes.invalidOperationInCellEditMode;

  async function runExcel<T>(batch: (context: ExcelContext) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await api.run(batch);
      } catch (error) {
        if (!isCellEditMode(error) || attempt >= retries) throw error;
        await sleep(delay * Math.min(2 ** attempt, 8));
      }
    }
  }

  /** Queues writes so they do not fire the add-in's own change handler. */
  function writeQuietly(context: ExcelContext, writes: () => void): void {
    if (!hasTriggerSource) context.runtime.enableEvents = false;
    writes();
    if (!hasTriggerSource) context.runtime.enableEvents = true;
  }

  return {
    activeSheetName: () =>
      runExcel(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet().load('name');
        await context.sync();
        return sheet.name;
      }),

    readGrid: (sheetName) =>
      runExcel(async (context): Promise<CellGrid> => {
        const used = context.workbook.worksheets.getItem(sheetName).getUsedRangeOrNullObject(true).load('values, rowIndex, columnIndex');
        await context.sync();
        if (used.isNullObject) return { sheet: sheetName, values: [] };
        return { sheet: sheetName, values: alignToA1(used.values, used.rowIndex, used.columnIndex) };
      }),

    paintFindings: (paint) =>
      runExcel(async (context) => {
        const sheet = context.workbook.worksheets.getItem(paint.sheet);
        writeQuietly(context, () => {
          if (paint.needsSetup) queueSetup(sheet, paint);
          if (paint.ids) writeColumn(sheet, paint.idColumn, paint.ids.firstRow, paint.ids.values);
          if (paint.marks) writeColumn(sheet, paint.marksColumn, paint.marks.firstRow, paint.marks.values);
        });
        await context.sync();
      }),

    watchSheet: (sheetName, onChange) =>
      runExcel(async (context) => {
        context.workbook.worksheets.getItem(sheetName).onChanged.add(async (event) => {
          if (hasTriggerSource && event.triggerSource === 'ThisLocalAddin') return;
          onChange(event.address);
        });
        await context.sync();
      }),

    selectCell: (sheetName, cell) =>
      runExcel(async (context) => {
        const sheet = context.workbook.worksheets.getItem(sheetName);
        sheet.activate();
        sheet.getRange(cell).select();
        await context.sync();
      }),

    createReturnSheet: (spec) => runExcel((context) => createSheet(context, spec, writeQuietly)),

    writeCells: (sheetName, cells) =>
      runExcel(async (context) => {
        const sheet = context.workbook.worksheets.getItem(sheetName);
        writeQuietly(context, () => {
          for (const { cell, value } of cells) sheet.getRange(cell).values = [[value]];
        });
        await context.sync();
      }),
  };
}

/** The used range's values placed so that [0][0] is A1, as the shared reader counts rows. */
function alignToA1(values: unknown[][], rowIndex: number, columnIndex: number): unknown[][] {
  const rows: unknown[][] = new Array(rowIndex).fill(null);
  const pad = columnIndex > 0 ? new Array<unknown>(columnIndex).fill('') : null;
  for (const row of values) rows.push(pad ? pad.concat(row) : row);
  return rows;
}

function writeColumn(sheet: WorksheetModel, column: number, firstRow: number, values: readonly string[]): void {
  const letter = columnLetter(column);
  const range = sheet.getRange(`${letter}${firstRow}:${letter}${firstRow + values.length - 1}`);
  range.values = values.map((value) => [value]);
}

/** Labels and hides the two columns, and makes the highlight formats anew. */
function queueSetup(sheet: WorksheetModel, paint: SheetPaint): void {
  const { headerRow, idColumn, marksColumn, columns } = paint;
  sheet.getRange(cellAddress(idColumn, headerRow)).values = [[HEADER_LABELS.id]];
  sheet.getRange(cellAddress(marksColumn, headerRow)).values = [[MARKS_LABEL]];
  for (const column of [idColumn, marksColumn]) sheet.getRange(`${columnLetter(column)}:${columnLetter(column)}`).columnHidden = true;

  const first = headerRow + 1;
  const marks = `$${columnLetter(marksColumn)}${first}`;
  let priority = 0;
  for (const field of MARKED_FIELDS) {
    const column = columns[field];
    if (column === undefined) continue;
    const range = sheet.getRange(`${columnLetter(column)}${first}:${columnLetter(column)}${LAST_ROW}`);
    range.conditionalFormats.clearAll();
    for (const severity of ['error', 'warning'] as const satisfies readonly MarkedSeverity[]) {
      let formula = `ISNUMBER(SEARCH("${markToken(field, severity)}",${marks}))`;
      if (field === 'laaRef' && severity === 'error' && columns.action !== undefined) {
        const action = `$${columnLetter(columns.action)}${first}`;
        const ref = `$${columnLetter(column)}${first}`;
        formula = `OR(${formula},AND(LEN(TRIM(${action}))>0,LEN(TRIM(${ref}))=0))`;
      }
      addHighlight(range, `=${formula}`, MARK_STYLE[severity].fill, priority++);
    }
  }
}

function addHighlight(range: RangeModel, formula: string, fill: string, priority: number): void {
  const format = range.conditionalFormats.add('Custom');
  format.custom.rule.formula = formula;
  format.custom.format.fill.color = fill;
  format.priority = priority;
  format.stopIfTrue = true;
}

async function createSheet(
  context: ExcelContext,
  spec: NewReturnSheet,
  writeQuietly: (context: ExcelContext, writes: () => void) => void,
): Promise<string> {
  const sheets = context.workbook.worksheets;
  const candidates = [spec.name, ...Array.from({ length: 20 }, (_, i) => `${spec.name} (${i + 2})`)].map((name) => name.slice(0, 31));
  const probes = candidates.map((name) => sheets.getItemOrNullObject(name));
  const lists = sheets.getItemOrNullObject(LISTS_SHEET);
  await context.sync();
  const index = probes.findIndex((probe) => probe.isNullObject);
  if (index < 0) throw new Error(`There are already sheets named "${spec.name}" and 20 more like it.`);
  const name = candidates[index]!;

  writeQuietly(context, () => {
    const listSheet = lists.isNullObject ? sheets.add(LISTS_SHEET) : lists;
    writeList(listSheet, 0, spec.outcomes);
    writeList(listSheet, 1, spec.aims);
    listSheet.visibility = 'Hidden';

    const sheet = sheets.add(name);
    const header = [HEADER_LABELS.outcome, HEADER_LABELS.aim, HEADER_LABELS.laaRef, HEADER_LABELS.action, HEADER_LABELS.update, HEADER_LABELS.id, MARKS_LABEL];
    const headerRow = 3;
    sheet.getRange('A1').values = [[spec.title]];
    sheet.getRange('A1').format.font.bold = true;
    const headerRange = sheet.getRange(`A${headerRow}:G${headerRow}`);
    headerRange.values = [header];
    headerRange.format.font.bold = true;
    if (spec.rows.length > 0) {
      const body = spec.rows.map((r) => [r.outcome, r.aim, r.laaRef, r.action, r.update, r.id, '']);
      sheet.getRange(`A${headerRow + 1}:G${headerRow + body.length}`).values = body;
    }
    const last = headerRow + Math.max(spec.rows.length, 0) + VALIDATED_ROWS;
    sheet.getRange(`A${headerRow + 1}:A${last}`).dataValidation.rule = {
      list: { inCellDropDown: true, source: listSource(0, spec.outcomes.length) },
    };
    sheet.getRange(`B${headerRow + 1}:B${last}`).dataValidation.rule = {
      list: { inCellDropDown: true, source: listSource(1, spec.aims.length) },
    };
    sheet.getRange('F:G').columnHidden = true;
    sheet.activate();
  });
  await context.sync();
  return name;
}

function writeList(sheet: WorksheetModel, column: number, items: readonly string[]): void {
  if (items.length === 0) return;
  const letter = columnLetter(column);
  sheet.getRange(`${letter}1:${letter}${items.length}`).values = items.map((item) => [item]);
}

function listSource(column: number, count: number): string {
  const letter = columnLetter(column);
  return `='${LISTS_SHEET}'!$${letter}$1:$${letter}$${Math.max(count, 1)}`;
}
