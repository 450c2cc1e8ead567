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
 * - only cells that change are written: the smallest run of rows covering the differences,
 *   and nothing at all (paint null) when nothing differs, so a check writes nothing to the
 *   officer's undo stack unless it must;
 * - the highlight rules are compared with the add-in's own rules on the sheet (found by their
 *   formula, isOwnRuleFormula) and made anew only when they differ; the officer's rules are
 *   never touched;
 * - ids are given only to rows the officer changed (assignIds: their sheet rows) or, on a
 *   check the pane asks for, to every row: a co-author's new row gets its id from the
 *   co-author's pane, and two panes giving one row ids would make it twice on the service.
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
import { cellAddress, columnLetter } from '../../shared';
import type { CellGrid, ColumnWrite, PlannedRule, SheetPaint } from '../excel/workbook-port';
import { blankableText, isMarkedSeverity, isOwnRuleFormula, MARK_STYLE, markToken, MARKED_FIELDS, MARKS_LABEL, type MarkedField, type MarkedSeverity } from './marks';

const LAST_ROW = 1_048_576;

export interface GridCheck {
  sheet: string;
  sheetId: string;
  /** The sheet refuses writes: findings are listed but not marked, new rows get no id. */
  isProtected: boolean;
  /** Null when the sheet has no grid (no header row found). */
  header: HeaderMap | null;
  rows: GridRow[];
  findings: Finding[];
  paint: SheetPaint | null;
}

export interface CheckOptions {
  newId: () => string;
  /**
   * Which rows may get a new id: true (default) every row, false none (a protected sheet, or
   * only co-authors changed it), or the 1-based sheet rows the officer changed.
   */
  assignIds?: boolean | ReadonlySet<number>;
}

export function checkGrid(grid: CellGrid, config: PartnershipConfig, options: CheckOptions): GridCheck {
  const parsed = parseSheet({ name: grid.sheet, values: grid.values, ...(grid.merges ? { merges: grid.merges } : {}) }, config);
  const header = parsed.header;
  const base = { sheet: grid.sheet, sheetId: grid.sheetId, isProtected: grid.isProtected };
  if (!header) return { ...base, header: null, rows: [], findings: [], paint: null };
  const scope = options.assignIds ?? true;
  const mayAssign = (sheetRow: number) => (typeof scope === 'boolean' ? scope : scope.has(sheetRow));

  const width = grid.values.reduce((max, row) => Math.max(max, Array.isArray(row) ? row.length : 0), 0);
  const marksAt = header.extra.find((e) => e.label.trim().toLowerCase() === MARKS_LABEL.toLowerCase())?.column;
  let free = width;
  const idColumn = header.columns.id ?? free++;
  const marksColumn = marksAt ?? free++;
  const hasColumns = header.columns.id !== undefined && marksAt !== undefined;

  const seen = new Set<string>();
  for (const row of parsed.rows) {
    if (mayAssign(row.row) && (row.id === null || seen.has(row.id))) row.id = options.newId().toLowerCase();
    if (row.id !== null) seen.add(row.id);
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

  const columns = pickColumns(header);
  const planned = planRules(columns, marksColumn, firstRow);
  const own = grid.rules.filter((rule) => isOwnRuleFormula(rule.formula));
  const same = own.length === planned.length && planned.every((rule) => own.some((o) => sameFormula(o.formula, rule.formula)));
  const paint: SheetPaint = {
    sheet: grid.sheet,
    sheetId: grid.sheetId,
    headerRow: header.row,
    columns,
    idColumn,
    marksColumn,
    needsLabels: !hasColumns,
    rules: same ? null : { remove: own.map((rule) => rule.id), add: planned },
    ids: scope === false ? null : diffColumn(wantedIds, firstRow, read(idColumn)),
    marks: diffColumn(wantedMarks, firstRow, read(marksColumn)),
  };
  const isEmpty = !paint.needsLabels && !paint.rules && !paint.ids && !paint.marks;
  return { ...base, header, rows, findings, paint: isEmpty ? null : paint };
}

/** Excel may give a formula back with or without its "=" and in other letter case. */
function sameFormula(a: string, b: string): boolean {
  const norm = (f: string) => f.replace(/^=/, '').replace(/\s+/g, '').toUpperCase();
  return norm(a) === norm(b);
}

/**
 * One rule per marked field and severity, on the field's column from the first data row
 * down: "the marks cell of this row holds the token". The LAA Ref error rule also tests the
 * row itself (an action and no ref), so it shows with or without the add-in; a ref holding
 * only non-breaking spaces or line breaks counts as blank, as the add-in's own check does.
 */
export function planRules(columns: SheetPaint['columns'], marksColumn: number, firstRow: number): PlannedRule[] {
  const marks = `$${columnLetter(marksColumn)}${firstRow}`;
  const rules: PlannedRule[] = [];
  for (const field of MARKED_FIELDS) {
    const column = columns[field];
    if (column === undefined) continue;
    for (const severity of ['error', 'warning'] as const satisfies readonly MarkedSeverity[]) {
      let formula = `ISNUMBER(SEARCH("${markToken(field, severity)}",${marks}))`;
      if (field === 'laaRef' && severity === 'error' && columns.action !== undefined) {
        const action = `$${columnLetter(columns.action)}${firstRow}`;
        const ref = `$${columnLetter(column)}${firstRow}`;
        formula = `OR(${formula},AND(LEN(${blankableText(action)})>0,LEN(${blankableText(ref)})=0))`;
      }
      rules.push({
        address: `${cellAddress(column, firstRow)}:${columnLetter(column)}${LAST_ROW}`,
        formula: `=${formula}`,
        fill: MARK_STYLE[severity].fill,
        priority: rules.length,
      });
    }
  }
  return rules;
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
