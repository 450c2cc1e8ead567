/**
 * Checking one sheet the officer works in, as plain data: read rows, give each a row id,
 * validate, and plan the paint (ids and marks to write). Pure: the workbook is read before and
 * painted after, by addin/excel/.
 *
 * Rules:
 * - the grid is found however its header is worded (parseSheet/matchHeader from shared);
 * - row identity: the hidden Row ID column (label HEADER_LABELS.id) holds a UUID per action
 *   row; a row without one gets a new one; a row whose id repeats an earlier row's (a copied
 *   row) gets a new one; a row that is no longer an action row loses its id;
 * - the Row ID and marks columns are added after the last used column when the header lacks
 *   them, so no text of the officer's is overwritten;
 * - only cells that change are written: the smallest run of rows covering the differences.
 */
import {
  parseSheet,
  sortFindings,
  validateRows,
  cellToText,
  parseCellAddress,
  type Finding,
  type GridRow,
  type HeaderMap,
  type PartnershipConfig,
} from '../../shared';
import type { CellGrid, ColumnWrite, SheetPaint } from '../excel/workbook-port';
import { isMarkedSeverity, markToken, MARKED_FIELDS, MARKS_LABEL, type MarkedField } from './marks';

export interface GridCheck {
  sheet: string;
  /** Null when the sheet has no grid (no header row found). */
  header: HeaderMap | null;
  rows: GridRow[];
  findings: Finding[];
  paint: SheetPaint | null;
}

export interface CheckOptions {
  newId: () => string;
  /** False on the first check of a sheet in this session: the formats are (re)made. */
  isSetUp: boolean;
}

export function checkGrid(grid: CellGrid, config: PartnershipConfig, options: CheckOptions): GridCheck {
  const parsed = parseSheet({ name: grid.sheet, values: grid.values }, config);
  const header = parsed.header;
  if (!header) return { sheet: grid.sheet, header: null, rows: [], findings: [], paint: null };

  const width = grid.values.reduce((max, row) => Math.max(max, Array.isArray(row) ? row.length : 0), 0);
  const marksAt = header.extra.find((e) => e.label.trim().toLowerCase() === MARKS_LABEL.toLowerCase())?.column;
  let free = width;
  const idColumn = header.columns.id ?? free++;
  const marksColumn = marksAt ?? free++;
  const hasColumns = header.columns.id !== undefined && marksAt !== undefined;

  const seen = new Set<string>();
  for (const row of parsed.rows) {
    if (row.id === null || seen.has(row.id)) row.id = options.newId().toLowerCase();
    seen.add(row.id);
  }
  const rows = parsed.rows.filter((row) => row.row > header.row);
  const findings = sortFindings([...parsed.findings, ...validateRows(parsed.rows, config)], [grid.sheet]);

  const lastRow = Math.max(grid.values.length, header.row);
  const firstRow = header.row + 1;
  const wantedIds = new Array<string>(Math.max(lastRow - header.row, 0)).fill('');
  for (const row of rows) wantedIds[row.row - firstRow] = row.id ?? '';
  const wantedMarks = planMarks(findings, header, grid.sheet, firstRow, wantedIds.length);
  // Our own columns hold plain strings; comparing them raw spares normalising 2 × rows cells.
  const read = (column: number) => (r: number) => {
    const value = grid.values[r - 1]?.[column];
    return typeof value === 'string' ? value : cellToText(value);
  };

  const paint: SheetPaint = {
    sheet: grid.sheet,
    headerRow: header.row,
    columns: pickColumns(header),
    idColumn,
    marksColumn,
    needsSetup: !options.isSetUp || !hasColumns,
    ids: diffColumn(wantedIds, firstRow, read(idColumn)),
    marks: diffColumn(wantedMarks, firstRow, read(marksColumn)),
  };
  return { sheet: grid.sheet, header, rows, findings, paint };
}

function pickColumns(header: HeaderMap): SheetPaint['columns'] {
  const columns: SheetPaint['columns'] = {};
  for (const field of MARKED_FIELDS) {
    const column = header.columns[field];
    if (column !== undefined) columns[field] = column;
  }
  return columns;
}

function planMarks(findings: readonly Finding[], header: HeaderMap, sheet: string, firstRow: number, count: number): string[] {
  const fieldOfColumn = new Map<number, MarkedField>();
  for (const field of MARKED_FIELDS) {
    const column = header.columns[field];
    if (column !== undefined) fieldOfColumn.set(column, field);
  }
  const tokens: Set<string>[] = [];
  for (const finding of findings) {
    if (finding.sheet !== sheet || !isMarkedSeverity(finding.severity)) continue;
    const at = parseCellAddress(finding.cell);
    if (!at || at.row < firstRow || at.row >= firstRow + count) continue;
    const field = fieldOfColumn.get(at.column);
    if (!field) continue;
    (tokens[at.row - firstRow] ??= new Set()).add(markToken(field, finding.severity));
  }
  const marks = new Array<string>(count).fill('');
  tokens.forEach((set, i) => {
    if (set) marks[i] = [...set].sort().join(' ');
  });
  return marks;
}

/** The smallest run of rows whose cells differ from what is there; null when none do. */
function diffColumn(wanted: readonly string[], firstRow: number, current: (row: number) => string): ColumnWrite | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < wanted.length; i++) {
    if (wanted[i] !== current(firstRow + i)) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? null : { firstRow: firstRow + first, values: wanted.slice(first, last + 1) };
}
