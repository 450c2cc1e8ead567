/**
 * What the task pane asks of the workbook, in the shared types and plain data. Only
 * addin/excel/ implements it (over Office.js or the test stand-in); the pane, the checker and
 * the sync client never see Excel or Office.
 */

/** A sheet's values aligned to A1: values[0][0] is A1, as parseSheet expects. */
export interface CellGrid {
  sheet: string;
  values: unknown[][];
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
  /** 1-based header row. */
  headerRow: number;
  /** 0-based columns of the fields the formats highlight. */
  columns: { outcome?: number; aim?: number; laaRef?: number; action?: number; update?: number; status?: number };
  idColumn: number;
  marksColumn: number;
  /** Write the two labels, hide the columns and (re)create the conditional formats. */
  needsSetup: boolean;
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

export interface WorkbookPort {
  activeSheetName(): Promise<string>;
  /** The whole used part of a sheet, in one context.sync. */
  readGrid(sheet: string): Promise<CellGrid>;
  /** Ids, marks and (first time) formats, in one context.sync. */
  paintFindings(paint: SheetPaint): Promise<void>;
  /** Calls back on the officer's changes to the sheet (never on the add-in's own writes). */
  watchSheet(sheet: string, onChange: (address: string) => void): Promise<void>;
  selectCell(sheet: string, cell: string): Promise<void>;
  /** Adds a return sheet (header, rows, dropdowns from a hidden lists sheet); returns its name. */
  createReturnSheet(spec: NewReturnSheet): Promise<string>;
  writeCells(sheet: string, cells: readonly CellText[]): Promise<void>;
}
