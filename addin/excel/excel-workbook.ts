/**
 * The workbook port over Excel's object model: the only code that reads or writes cells.
 *
 * Rules:
 * - one Excel.run per operation; a read is one context.sync, a paint one more, whatever the
 *   grid's size: loads and writes are queued, never synced in a loop; an empty paint is no
 *   Excel.run at all;
 * - sheets are held by Worksheet.id (WorksheetCollection.getItem takes "the name or ID of the
 *   worksheet", ExcelApi 1.1), so renaming a sheet does not stop its checks;
 * - the add-in's own writes do not come back as changes: with ExcelApi 1.14 the handler drops
 *   events whose triggerSource is "ThisLocalAddin"; below it, writes are wrapped in
 *   runtime.enableEvents = false … true (ExcelApi 1.8), and if the batch fails, events are
 *   switched on again in an Excel.run of their own, so a failed paint never leaves the
 *   officer's edits unwatched;
 * - text is written as text: Excel turns a string that starts with "=", "+" or "-" into a
 *   formula and "01234" into a number ("If the value starts with +, - or =, Excel interprets
 *   this value as a formula", learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-values-member),
 *   unless the cell's number format is Text ("@"); so every cell the add-in writes text into
 *   gets "@" first, in the same batch;
 * - with ExcelApi 1.11 a batch waits for the officer to leave cell-edit mode (RunOptions.
 *   delayForCellEdit, learn.microsoft.com/javascript/api/excel/excel.runoptions); below it a
 *   batch refused with InvalidOperationInCellEditMode is run again after a pause;
 * - a protected sheet (Worksheet.protection.protected, ExcelApi 1.2) is not painted: the read
 *   says so, and a write refused with AccessDenied is reported as SheetProtectedError;
 * - the add-in removes only its own conditional-format rules (found by their formula), never
 *   the officer's; the marks column has the number format ";;;", which shows no text on screen
 *   or in print (support.microsoft.com, "Number format codes": "to hide values, use ;;;");
 * - the lists sheet behind the dropdowns is VeryHidden (Worksheet.visibility, ExcelApi 1.1):
 *   it cannot be unhidden from Excel's menu, so its lists are not edited by accident.
 *
 * Undo (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities): from
 * ExcelApi 1.19 the API's writes join the officer's undo stack; before that build, a write
 * clears it. RunOptions.mergeUndoGroup (ExcelApi 1.20) makes one Excel.run one undo record;
 * no API joins the add-in's write to the officer's own edit, so after an edit that changes
 * the marks, Ctrl+Z first undoes the add-in's paint, then the edit (docs/addin.md).
 */
import { cellAddress, columnLetter, HEADER_LABELS, type SheetMerge } from '../../shared';
import { MARKS_LABEL } from '../check/marks';
import type { ExcelApi, ExcelContext, RunOptionsModel, WorksheetModel } from './excel-model';
import { SheetProtectedError, type CellGrid, type NewReturnSheet, type SheetEvent, type SheetPaint, type SheetRef, type WorkbookPort } from './workbook-port';

export const LISTS_SHEET = 'DR Lists';
const VALIDATED_ROWS = 5000;
const TEXT = '@';
/** Positive;negative;zero;text all empty: the cell shows nothing, on screen or on paper. */
const HIDDEN_TEXT = ';;;';

export interface ExcelWorkbookOptions {
  api: ExcelApi;
  /** ExcelApi 1.14 is there: change events say who made them. */
  hasTriggerSource: boolean;
  /**
   * The highest ExcelApi 1.x the host supports, as its minor number (8 for 1.8); defaults to
   * 14 with hasTriggerSource, else 8. Gates delayForCellEdit (11), sort events (10),
   * mergeUndoGroup (20).
   */
  apiMinor?: number;
  sleep?: (ms: number) => Promise<void>;
  /** How often a batch refused in cell-edit mode is tried again. */
  editModeRetries?: number;
  editModeDelayMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

export function createExcelWorkbook(options: ExcelWorkbookOptions): WorkbookPort {
  const { api, hasTriggerSource } = options;
  const minor = options.apiMinor ?? (hasTriggerSource ? 14 : 8);
  const sleep = options.sleep ?? defaultSleep;
  const retries = options.editModeRetries ?? 40;
  const delay = options.editModeDelayMs ?? 250;
  const runOptions: RunOptionsModel = {};
  if (minor >= 11) runOptions.delayForCellEdit = true;
  if (minor >= 20) runOptions.mergeUndoGroup = true;

  async function runExcel<T>(batch: (context: ExcelContext) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await (minor >= 11 ? api.run(runOptions, batch) : api.run(batch));
      } catch (error) {
        // Kept with delayForCellEdit too: a build may still refuse (and older ones do).
        if (errorCode(error) !== api.ErrorCodes.invalidOperationInCellEditMode || attempt >= retries) throw error;
        await sleep(delay * Math.min(2 ** attempt, 8));
      }
    }
  }

  /**
   * Queues a batch of the add-in's writes and sends it in one context.sync, so the writes do
   * not fire the add-in's own change handler. `queue` returns a reader of the result, called
   * after the sync. Below ExcelApi 1.14 events are switched off at the batch's start and on at
   * its end; if the batch fails part-way, Excel has applied the "off" but not the "on", so
   * events are switched on again in an Excel.run of their own.
   */
  async function writeQuietly<T>(queue: (context: ExcelContext) => () => T): Promise<T> {
    if (hasTriggerSource) {
      return runExcel(async (context) => {
        const result = queue(context);
        await context.sync();
        return result();
      });
    }
    let isDone = false;
    try {
      const value = await runExcel(async (context) => {
        context.runtime.enableEvents = false;
        const result = queue(context);
        context.runtime.enableEvents = true;
        await context.sync();
        return result();
      });
      isDone = true;
      return value;
    } finally {
      if (!isDone) {
        await runExcel(async (context) => {
          context.runtime.enableEvents = true;
          await context.sync();
        });
      }
    }
  }

  function refusedAsProtected(error: unknown, sheet: string): never {
    if (errorCode(error) === api.ErrorCodes.accessDenied) throw new SheetProtectedError(sheet);
    throw error;
  }

  return {
    activeSheet: () =>
      runExcel(async (context): Promise<SheetRef> => {
        const sheet = context.workbook.worksheets.getActiveWorksheet().load('id, name');
        await context.sync();
        return { id: sheet.id, name: sheet.name };
      }),

    readGrid: (key) =>
      runExcel(async (context): Promise<CellGrid> => {
        const sheet = context.workbook.worksheets.getItem(key).load('id, name');
        sheet.protection.load('protected');
        const used = sheet.getUsedRangeOrNullObject(true).load('values, rowIndex, columnIndex');
        // Loading nested properties of a collection's items with "items/…" paths
        // (learn.microsoft.com/office/dev/add-ins/develop/application-specific-api-model#load).
        const formats = sheet.getRange().conditionalFormats.load('items/id, items/type, items/customOrNullObject/rule/formula');
        // Range.getMergedAreasOrNullObject is ExcelApi 1.13; in the same sync, so no extra round trip.
        const merged = minor >= 13 ? sheet.getRange().getMergedAreasOrNullObject() : null;
        merged?.load('address');
        await context.sync();
        const rules = formats.items
          .filter((format) => format.type === 'Custom' && !format.customOrNullObject.isNullObject)
          .map((format) => ({ id: format.id, formula: format.customOrNullObject.rule.formula }));
        const values = used.isNullObject ? [] : alignToA1(used.values, used.rowIndex, used.columnIndex);
        const grid: CellGrid = { sheet: sheet.name, sheetId: sheet.id, values, rules, isProtected: sheet.protection.protected };
        if (merged) grid.merges = merged.isNullObject ? [] : parseAreas(merged.address);
        return grid;
      }),

    paintFindings: async (paint) => {
      if (!paint.needsLabels && !paint.rules && !paint.ids && !paint.marks) return;
      try {
        await writeQuietly((context) => {
          const sheet = context.workbook.worksheets.getItem(paint.sheetId);
          if (paint.needsLabels) queueLabels(sheet, paint);
          if (paint.rules) queueRules(sheet, paint.rules);
          if (paint.ids) writeColumn(sheet, paint.idColumn, paint.ids.firstRow, paint.ids.values, TEXT);
          if (paint.marks) writeColumn(sheet, paint.marksColumn, paint.marks.firstRow, paint.marks.values, HIDDEN_TEXT);
          return () => undefined;
        });
      } catch (error) {
        refusedAsProtected(error, paint.sheet);
      }
    },

    watchSheet: (sheetId, onEvent) =>
      runExcel(async (context) => {
        const sheet = context.workbook.worksheets.getItem(sheetId);
        const emit = (event: SheetEvent) => {
          onEvent(event);
          return Promise.resolve();
        };
        sheet.onChanged.add((event) => {
          if (hasTriggerSource && event.triggerSource === 'ThisLocalAddin') return Promise.resolve();
          // WorksheetChangedEventArgs.source: "Remote" for a co-author's change (ExcelApi 1.7).
          return emit({ kind: 'changed', address: event.address, isRemote: event.source === 'Remote' });
        });
        // In Excel on the web a pick from a data-validation dropdown may raise no onChanged
        // (github.com/OfficeDev/office-js/issues/3888, /4066); the selection moving on is caught
        // instead, and a debounced re-check finds the pick.
        sheet.onSelectionChanged.add((event) => emit({ kind: 'selection', address: event.address, isRemote: false }));
        if (minor >= 10) {
          sheet.onRowSorted.add((event) => emit({ kind: 'sorted', address: event.address, isRemote: event.source === 'Remote' }));
          sheet.onColumnSorted.add((event) => emit({ kind: 'sorted', address: event.address, isRemote: event.source === 'Remote' }));
        }
        await context.sync();
      }),

    selectCell: (key, cell) =>
      runExcel(async (context) => {
        const sheet = context.workbook.worksheets.getItem(key);
        sheet.activate();
        sheet.getRange(cell).select();
        await context.sync();
      }),

    createReturnSheet: (spec) => createSheet(runExcel, writeQuietly, spec),

    writeCells: async (key, cells) => {
      try {
        await writeQuietly((context) => {
          const sheet = context.workbook.worksheets.getItem(key);
          for (const { cell, value } of cells) {
            const range = sheet.getRange(cell);
            range.numberFormat = [[TEXT]];
            range.values = [[value]];
          }
          return () => undefined;
        });
      } catch (error) {
        refusedAsProtected(error, key);
      }
    },
  };
}

/**
 * RangeAreas.address ("Sheet1!A1:B4, 'My sheet'!D1:D4") → 0-based inclusive areas. The
 * sheet names may hold commas (quoted), so areas are found by their "!A1:B2" tails.
 */
export function parseAreas(address: string): SheetMerge[] {
  const areas: SheetMerge[] = [];
  for (const match of address.matchAll(/!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?/g)) {
    const left = columnIndex(match[1]!);
    const top = Number(match[2]) - 1;
    areas.push({ top, left, bottom: match[4] ? Number(match[4]) - 1 : top, right: match[3] ? columnIndex(match[3]) : left });
  }
  return areas;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The used range's values placed so that [0][0] is A1, as the shared reader counts rows. */
function alignToA1(values: unknown[][], rowIndex: number, columnIndex: number): unknown[][] {
  const rows: unknown[][] = new Array(rowIndex).fill(null);
  const pad = columnIndex > 0 ? new Array<unknown>(columnIndex).fill('') : null;
  for (const row of values) rows.push(pad ? pad.concat(row) : row);
  return rows;
}

/** One range write down a column, after the column's cells get `numberFormat`. */
function writeColumn(sheet: WorksheetModel, column: number, firstRow: number, values: readonly string[], numberFormat: string): void {
  const letter = columnLetter(column);
  const range = sheet.getRange(`${letter}${firstRow}:${letter}${firstRow + values.length - 1}`);
  range.numberFormat = values.map(() => [numberFormat]);
  range.values = values.map((value) => [value]);
}

/** Labels the two columns, hides them, and gives them their number formats. */
function queueLabels(sheet: WorksheetModel, paint: SheetPaint): void {
  const { headerRow, idColumn, marksColumn } = paint;
  for (const [column, label] of [
    [idColumn, HEADER_LABELS.id],
    [marksColumn, MARKS_LABEL],
  ] as const) {
    const range = sheet.getRange(cellAddress(column, headerRow));
    range.numberFormat = [[TEXT]];
    range.values = [[label]];
    sheet.getRange(`${columnLetter(column)}:${columnLetter(column)}`).columnHidden = true;
  }
}

function queueRules(sheet: WorksheetModel, rules: NonNullable<SheetPaint['rules']>): void {
  const all = sheet.getRange().conditionalFormats;
  for (const id of rules.remove) all.getItem(id).delete();
  for (const rule of rules.add) {
    const format = sheet.getRange(rule.address).conditionalFormats.add('Custom');
    format.custom.rule.formula = rule.formula;
    format.custom.format.fill.color = rule.fill;
    format.priority = rule.priority;
    format.stopIfTrue = true;
  }
}

type Run = <T>(batch: (context: ExcelContext) => Promise<T>) => Promise<T>;
type WriteQuietly = <T>(queue: (context: ExcelContext) => () => T) => Promise<T>;

async function createSheet(run: Run, writeQuietly: WriteQuietly, spec: NewReturnSheet): Promise<SheetRef> {
  const candidates = [spec.name, ...Array.from({ length: 20 }, (_, i) => `${spec.name} (${i + 2})`)].map((name) => name.slice(0, 31));
  const { name, hasLists } = await run(async (context) => {
    const sheets = context.workbook.worksheets;
    const probes = candidates.map((candidate) => sheets.getItemOrNullObject(candidate));
    const lists = sheets.getItemOrNullObject(LISTS_SHEET);
    await context.sync();
    const index = probes.findIndex((probe) => probe.isNullObject);
    if (index < 0) throw new Error(`There are already sheets named "${spec.name}" and 20 more like it.`);
    return { name: candidates[index]!, hasLists: !lists.isNullObject };
  });

  return writeQuietly((context) => {
    const sheets = context.workbook.worksheets;
    const listSheet = hasLists ? sheets.getItem(LISTS_SHEET) : sheets.add(LISTS_SHEET);
    writeList(listSheet, 0, spec.outcomes);
    writeList(listSheet, 1, spec.aims);
    listSheet.visibility = 'VeryHidden';

    const sheet = sheets.add(name);
    const header = [HEADER_LABELS.outcome, HEADER_LABELS.aim, HEADER_LABELS.laaRef, HEADER_LABELS.action, HEADER_LABELS.update, HEADER_LABELS.id, MARKS_LABEL];
    const headerRow = 3;
    const last = headerRow + spec.rows.length + VALIDATED_ROWS;
    sheet.getRange('A1').values = [[spec.title]];
    sheet.getRange('A1').format.font.bold = true;
    const headerRange = sheet.getRange(`A${headerRow}:G${headerRow}`);
    headerRange.numberFormat = [header.map(() => TEXT)];
    headerRange.values = [header];
    headerRange.format.font.bold = true;
    // Every column of the grid holds text: what the officer types and what the add-in writes
    // stays as typed ("01234" stays "01234", "- see note" stays text).
    const rowCount = last - headerRow;
    sheet.getRange(`A${headerRow + 1}:F${last}`).numberFormat = Array.from({ length: rowCount }, () => [TEXT, TEXT, TEXT, TEXT, TEXT, TEXT]);
    sheet.getRange(`G${headerRow + 1}:G${last}`).numberFormat = Array.from({ length: rowCount }, () => [HIDDEN_TEXT]);
    if (spec.rows.length > 0) {
      const body = spec.rows.map((r) => [r.outcome, r.aim, r.laaRef, r.action, r.update, r.id, '']);
      sheet.getRange(`A${headerRow + 1}:G${headerRow + body.length}`).values = body;
    }
    sheet.getRange(`A${headerRow + 1}:A${last}`).dataValidation.rule = {
      list: { inCellDropDown: true, source: listSource(0, spec.outcomes.length) },
    };
    sheet.getRange(`B${headerRow + 1}:B${last}`).dataValidation.rule = {
      list: { inCellDropDown: true, source: listSource(1, spec.aims.length) },
    };
    sheet.getRange('F:G').columnHidden = true;
    sheet.activate();
    sheet.load('id, name');
    return () => ({ id: sheet.id, name: sheet.name });
  });
}

function writeList(sheet: WorksheetModel, column: number, items: readonly string[]): void {
  if (items.length === 0) return;
  const letter = columnLetter(column);
  const range = sheet.getRange(`${letter}1:${letter}${items.length}`);
  range.numberFormat = items.map(() => [TEXT]);
  range.values = items.map((item) => [item]);
}

function listSource(column: number, count: number): string {
  const letter = columnLetter(column);
  return `='${LISTS_SHEET}'!$${letter}$1:$${letter}$${Math.max(count, 1)}`;
}
