/**
 * What the task pane asks of the workbook, in the shared types and plain data. Only
 * addin/excel/ implements it (over Office.js or the test stand-in); the pane, the checker and
 * the sync client never see Excel or Office.
 */

import type { SheetMerge } from '../../shared';

/** A sheet's values aligned to A1: values[0][0] is A1, as parseSheet expects. */
export interface CellGrid {
  /** The sheet's name now (it may have been renamed since it was chosen). */
  sheet: string;
  /** Worksheet.id: stays the same when the officer renames the sheet. */
  sheetId: string;
  values: unknown[][];
  /** The sheet's Custom conditional-format rules (the officer's and the add-in's). */
  rules: FormatRule[];
  /** Worksheet.protection.protected: the sheet refuses writes. */
  isProtected: boolean;
  /** Merged areas, 0-based and inclusive (ExcelApi 1.13); absent on older hosts. */
  merges?: SheetMerge[];
}

export interface FormatRule {
  /** ConditionalFormat.id. */
  id: string;
  formula: string;
}

/** A highlight rule the add-in wants on the sheet. */
export interface PlannedRule {
  /** A1 range, e.g. "C4:C1048576". */
  address: string;
  formula: string;
  fill: string;
  priority: number;
}

/** A run of cells down one column, written in one range write. */
export interface ColumnWrite {
  /** 1-based first row. */
  firstRow: number;
  values: string[];
}

/**
 * How to paint one checked grid: the add-in's two hidden columns (Row ID and the marks that
 * conditional formats turn into highlights) and, on the first paint of a session, the
 * formats themselves. Computed by addin/check/check-grid.ts.
 */
export interface SheetPaint {
  sheet: string;
  sheetId: string;
  /** 1-based header row. */
  headerRow: number;
  /** 0-based columns of the fields the formats highlight. */
  columns: { outcome?: number; aim?: number; laaRef?: number; action?: number; update?: number; status?: number };
  idColumn: number;
  marksColumn: number;
  /** Write the two labels, hide the columns and give them their number formats. */
  needsLabels: boolean;
  /** The add-in's own conditional-format rules to remove (by id) and to add; never the officer's. */
  rules: { remove: string[]; add: PlannedRule[] } | null;
  ids: ColumnWrite | null;
  marks: ColumnWrite | null;
}

export interface NewReturnRow {
  id: string;
  outcome: string;
  aim: string;
  laaRef: string;
  action: string;
  update: string;
}

export interface NewReturnSheet {
  /** Wanted name; " (2)", " (3)"… is added when a sheet of that name exists. */
  name: string;
  title: string;
  outcomes: string[];
  aims: string[];
  rows: NewReturnRow[];
}

export interface CellText {
  /** A1 address. */
  cell: string;
  value: string;
}

/** A sheet as the add-in holds on to it: by id, so a rename does not lose it. */
export interface SheetRef {
  id: string;
  name: string;
}

/** Something happened on a watched sheet. */
export interface SheetEvent {
  /** changed: cells were edited; selection: the officer moved (a dropdown pick in Excel on
   *  the web may raise only this); sorted: rows or columns were sorted. */
  kind: 'changed' | 'selection' | 'sorted';
  address: string;
  /** A co-author's change (event source "Remote"): their pane gives their rows ids. */
  isRemote: boolean;
}

/** The sheet refuses writes (Worksheet.protection): said plainly to the officer. */
export class SheetProtectedError extends Error {
  constructor(readonly sheet: string) {
    super(`"${sheet}" is protected, so the add-in cannot mark cells or give new rows their ids. Unprotect it (Review ▸ Unprotect Sheet) to have them marked and sent.`);
    this.name = 'SheetProtectedError';
  }
}

export interface WorkbookPort {
  activeSheet(): Promise<SheetRef>;
  /** The whole used part of a sheet (by id or name), its rules and protection, in one context.sync. */
  readGrid(sheet: string): Promise<CellGrid>;
  /** Ids, marks and formats, in one context.sync; nothing at all when the paint is empty.
   *  Throws SheetProtectedError when the sheet refuses writes. */
  paintFindings(paint: SheetPaint): Promise<void>;
  /** Calls back on the officer's changes, selection moves and sorts on the sheet (by id),
   *  never on the add-in's own writes. */
  watchSheet(sheetId: string, onEvent: (event: SheetEvent) => void): Promise<void>;
  selectCell(sheet: string, cell: string): Promise<void>;
  /** Adds a return sheet (header, rows, dropdowns from a very hidden lists sheet). */
  createReturnSheet(spec: NewReturnSheet): Promise<SheetRef>;
  /** Writes text as text: the cells get the Text number format first. */
  writeCells(sheet: string, cells: readonly CellText[]): Promise<void>;
}
