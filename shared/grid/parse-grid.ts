/**
 * Reading a return from a 2-D array of cell values (Excel's `range.values`, or a sheet read
 * by the service) into action rows. Pure: no I/O, never throws on any array it is given; the
 * one refusal is merged ranges over MAX_MERGES or MAX_MERGED_CELLS (applyMerges).
 *
 * Rules:
 * - lines above the header (titles, "(20 March 2008)", "APPENDIX") are skipped; a title that
 *   names an outcome ("… – STAY SAFE") or a sheet named after one sets the outcome for rows
 *   that leave Outcome blank;
 * - the header may sit anywhere in the first 200 rows, and may come again further down
 *   (all outcomes' tables on one sheet): each header starts a new table;
 * - a row with an action or an update is an action row; fully blank rows are spacers;
 * - blank Outcome carries down from the row above (the merged cells of the original); blank
 *   Aim carries down while the outcome stays the same;
 * - LAA refs are split and matched to the catalogue (laa-refs.ts); the aim code is read from
 *   the Aim cell (aims.ts); Status and the Row ID are read when their columns exist;
 * - a merged range's value (held by its top-left cell) belongs to every cell it covers, in any
 *   column; what the covered cells hold themselves is ignored (applyMerges);
 * - a header that lacks a needed column (NEEDED_FIELDS) is a `missing-column` error listing the
 *   labels seen, never a column read silently empty; Outcome is not needed when the sheet name
 *   or a title line gives the outcome;
 * - hidden and very hidden sheets are not read (parseSheets, `hidden-sheet`); hidden rows and
 *   columns are read, as Excel's own formulas and copy would, and named in an info finding
 *   (`hidden-rows`, `hidden-columns`) so nothing is silently part of the return
 *   (docs/reading.md, "Hidden sheets, rows and columns").
 *
 * Speed: one pass, no per-row closures; the cell text of each field is read once; A1
 * addresses are made from the header's letters and the row number.
 */
import type { PartnershipConfig, Outcome } from '../config/schema';
import { AppError, ErrorKind } from '../errors';
import { makeFinding, type Finding } from '../rules/rules';
import { labelKey } from '../text/normalise';
import { cellToText, columnLetter } from './cell';
import { getGridContext, type GridContext } from './context';
import { GridField, HEADER_LABELS, MAX_LABEL_KEY, NEEDED_FIELDS, readHeaderRow, type HeaderMap } from './header';
import { parseAim, type ParsedAim } from './aims';
import { splitRefs, type SplitRefs } from './laa-refs';
import { parseStatus, type GridRow } from './types';

export const MAX_GRID_ROWS = 50_000;
export const MAX_GRID_COLUMNS = 200;
/** At most this many merged ranges per sheet; a real return has tens. */
export const MAX_MERGES = 20_000;
/** At most this many cells covered by a sheet's merges, once clipped to the grid's limits. */
export const MAX_MERGED_CELLS = 1_000_000;
/** Excel's row count: longer hidden-row lists are not a worksheet's. */
const MAX_HIDDEN_ENTRIES = 1_048_576;
/** How many hidden rows a finding lists by number before "and N more". */
const MAX_LISTED_ROWS = 20;
const HEADER_SCAN_ROWS = 200;
/** Shared by every row without extra columns: one empty object, not 10,000. */
const NO_EXTRA: Record<string, string> = Object.freeze({}) as Record<string, string>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * One worksheet as a reader hands it to the grid: its cell values and what a person sees of it.
 * Both readers fill it: the workbook reader (server/workbook, from the OOXML package) and the
 * add-in (addin/excel, from Office.js). Everything but `name` and `values` is optional, so an
 * older caller still works.
 */
export interface SheetInput {
  name: string;
  /** Row-major cell values, 0-based: `values[row][column]`. */
  values: readonly (readonly unknown[] | null | undefined)[];
  /**
   * Merged ranges, 0-based and inclusive. Only the top-left cell of a merge holds its value in
   * the file (OOXML `<mergeCell ref>`, ECMA-376 Part 1 §18.3.1.55) and in Excel
   * (`Range.getMergedAreasOrNullObject`, ExcelApi 1.13); the grid gives that value to every
   * cell the range covers and ignores what the covered cells hold.
   */
  merges?: readonly SheetMerge[];
  /**
   * Sheet visibility: OOXML `<sheet state="hidden|veryHidden">` (§18.2.19), Office.js
   * `Worksheet.visibility` ("Visible" | "Hidden" | "VeryHidden"). Absent means visible.
   */
  visibility?: SheetVisibility;
  /** 0-based rows hidden by the officer (OOXML `<row hidden="1">`, Office.js `rowHidden`). */
  hiddenRows?: readonly number[];
  /** 0-based columns hidden by the officer (OOXML `<col hidden="1">`, Office.js `columnHidden`). */
  hiddenColumns?: readonly number[];
}

/** A merged range: 0-based, inclusive rows and columns. */
export interface SheetMerge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** What a person sees of a sheet: the Office.js `SheetVisibility` names. */
export type SheetVisibility = 'Visible' | 'Hidden' | 'VeryHidden';

export interface ParsedSheet {
  sheet: string;
  /** The first header found, or null when the sheet has no grid. */
  header: HeaderMap | null;
  rows: GridRow[];
  findings: Finding[];
  /** When there is no header: the row that came closest to one, for the refusal's message. */
  headerGuess: HeaderGuess | null;
}

/** The row most like a header on a sheet without one, and how far it got. */
export interface HeaderGuess {
  sheet: string;
  /** 1-based Excel row. */
  row: number;
  /** Labels recognised, by the field they name. */
  placed: Partial<Record<GridField, string>>;
  /** Labels of the row no column was recognised from, as typed. */
  unplaced: string[];
}

/** Cells longer than this are not kept in the per-read caches (a bound on their memory only). */
const MAX_CACHED_TEXT = 500;
/** Whether a cell's reading is kept for the next row with the same text. */
function cacheable(text: string): boolean {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a bound on a cache's memory: kept or not, the reading is the same
  return text.length < MAX_CACHED_TEXT;
}

/** Per-read caches: officers repeat the same outcome, aim and ref cells row after row. */
class ReadCache {
  private readonly outcomes = new Map<string, Outcome | null>();
  /** By the outcome's code and the aim's text: an aim's wording is read in its row's outcome. */
  private readonly aims = new Map<string, ParsedAim>();
  private readonly refs = new Map<string, SplitRefs>();
  constructor(private readonly context: GridContext) {}

  outcome(text: string): Outcome | undefined {
    let outcome = this.outcomes.get(text);
    if (outcome === undefined) {
      outcome = this.context.matchOutcome(text) ?? null;
      if (cacheable(text)) this.outcomes.set(text, outcome);
    }
    return outcome ?? undefined;
  }
  private lastAim: { text: string; outcome: Outcome | undefined; parsed: ParsedAim } | null = null;

  aim(text: string, outcome: Outcome | undefined): ParsedAim {
    // An aim carries down over the rows below it: the same question, asked again and again.
    const last = this.lastAim;
    if (last !== null && last.text === text && last.outcome === outcome) return last.parsed;
    const parsed = this.aimOf(text, outcome);
    this.lastAim = { text, outcome, parsed };
    return parsed;
  }

  private aimOf(text: string, outcome: Outcome | undefined): ParsedAim {
    // Outcome codes are one letter (the configuration's schema): "S\n…" cannot be another outcome's key.
    const key = `${outcome?.code ?? ''}\n${text}`;
    let parsed = this.aims.get(key);
    if (parsed === undefined) {
      parsed = parseAim(text, outcome, this.context);
      if (cacheable(text)) this.aims.set(key, parsed);
    }
    return parsed;
  }
  splitRefs(text: string): SplitRefs {
    let split = this.refs.get(text);
    if (!split) {
      split = splitRefs(text, this.context.catalogue);
      if (cacheable(text)) this.refs.set(text, split);
    }
    return split;
  }
}

function rowTexts(raw: readonly unknown[]): string[] {
  const width = Math.min(raw.length, MAX_GRID_COLUMNS);
  const texts = new Array<string>(width);
  for (let c = 0; c < width; c++) texts[c] = cellToText(raw[c]);
  return texts;
}

function cellText(raw: readonly unknown[], column: number): string {
  return column < 0 ? '' : cellToText(raw[column]);
}

const isIndex = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * The sheet's values with every merged range's top-left value written into each cell it
 * covers (rows copied, never the caller's arrays changed). Ranges that are not four
 * non-negative integers, or are inside out, are skipped; ranges are clipped to
 * MAX_GRID_ROWS × MAX_GRID_COLUMNS. Overlapping ranges (which Excel does not allow) are
 * applied in order.
 * @throws AppError (unreadable-workbook, `too-many-merges`) over MAX_MERGES ranges or
 *   MAX_MERGED_CELLS covered cells: a hostile file cannot make the reader fill millions of cells.
 */
export function applyMerges(sheet: string, values: readonly (readonly unknown[] | null | undefined)[], merges: readonly SheetMerge[]): (readonly unknown[] | null | undefined)[] {
  if (merges.length > MAX_MERGES) {
    throw new AppError(ErrorKind.unreadableWorkbook, 'too-many-merges', `Sheet "${sheet}" has ${merges.length} merged ranges; at most ${MAX_MERGES} can be read.`, {
      sheet,
      merges: merges.length,
      limit: MAX_MERGES,
    });
  }
  const clipped: SheetMerge[] = [];
  let covered = 0;
  for (const merge of merges) {
    if (merge === null || typeof merge !== 'object') continue;
    const { top, left } = merge;
    if (!isIndex(top) || !isIndex(left) || !isIndex(merge.bottom) || !isIndex(merge.right)) continue;
    if (merge.bottom < top || merge.right < left || top >= MAX_GRID_ROWS || left >= MAX_GRID_COLUMNS) continue;
    const bottom = Math.min(merge.bottom, MAX_GRID_ROWS - 1);
    const right = Math.min(merge.right, MAX_GRID_COLUMNS - 1);
    if (bottom === top && right === left) continue;
    covered += (bottom - top + 1) * (right - left + 1);
    if (covered > MAX_MERGED_CELLS) {
      throw new AppError(
        ErrorKind.unreadableWorkbook,
        'too-many-merges',
        `Sheet "${sheet}" has merged ranges covering more than ${MAX_MERGED_CELLS.toLocaleString('en-GB')} cells; unmerge them and try again.`,
        { sheet, limit: MAX_MERGED_CELLS },
      );
    }
    clipped.push({ top, left, bottom, right });
  }
  if (clipped.length === 0) return values as (readonly unknown[] | null | undefined)[];
  const out: (readonly unknown[] | null | undefined)[] = values.slice(0, MAX_GRID_ROWS);
  const copied = new Set<number>();
  for (const { top, left, bottom, right } of clipped) {
    const source = out[top];
    const value = Array.isArray(source) ? (source[left] as unknown) : undefined;
    for (let r = top; r <= bottom; r++) {
      let row = out[r] as unknown[] | null | undefined;
      if (!copied.has(r)) {
        row = Array.isArray(row) ? row.slice(0, MAX_GRID_COLUMNS) : [];
        out[r] = row;
        copied.add(r);
      }
      for (let c = left; c <= right; c++) row![c] = value;
    }
  }
  return out;
}

/** Marks of the 0-based indexes listed, below `limit`. */
function indexMarks(list: readonly number[] | undefined, limit: number): Uint8Array | null {
  if (!Array.isArray(list)) return null;
  let marks: Uint8Array | null = null;
  // Stryker disable ConditionalExpression,LogicalOperator,EqualityOperator,MethodExpression: equivalent: a typed array ignores a write at a key that is not an index below its length, and callers read an all-zero array as no marks; the count bounds only the work
  const count = Math.min(list.length, MAX_HIDDEN_ENTRIES);
  for (let i = 0; i < count; i++) {
    const n = list[i];
    if (isIndex(n) && n < limit) (marks ??= new Uint8Array(limit))[n] = 1;
  }
  // Stryker restore all
  return marks;
}

/** Display names of the needed columns, as the add-in heads them. */
const FIELD_NAMES: Record<GridField, string> = { ...HEADER_LABELS, laaRef: 'LAA Ref', action: 'Actions', update: 'District Update' };

/** "Outcome", "LAA Ref", "Progress to date" → '"Outcome", "LAA Ref", "Progress to date"', or "none". */
function listLabels(labels: readonly string[]): string {
  return labels.length === 0 ? 'none' : labels.map((l) => `"${l}"`).join(', ');
}

/** ["Aim", "Actions", "LAA Ref"] → "Aim, Actions or LAA Ref". */
function orList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export function parseSheet(input: SheetInput, config: PartnershipConfig): ParsedSheet {
  const context = getGridContext(config);
  const cache = new ReadCache(context);
  const labels = context.headerLabels;
  const sheet = String(input.name);
  let values: readonly (readonly unknown[] | null | undefined)[] = Array.isArray(input.values) ? input.values : [];
  const findings: Finding[] = [];
  const rows: GridRow[] = [];
  if (Array.isArray(input.merges) && input.merges.length > 0) values = applyMerges(sheet, values, input.merges);
  const total = Math.min(values.length, MAX_GRID_ROWS);
  if (values.length > MAX_GRID_ROWS) {
    findings.push(makeFinding('too-many-rows', { sheet, cell: `A${MAX_GRID_ROWS}` }, { limit: MAX_GRID_ROWS, sheet }));
  }
  const hiddenRows = indexMarks(input.hiddenRows, total);
  const hiddenRowsRead: number[] = [];
  let firstHiddenAction = '';

  let firstHeader: HeaderMap | null = null;
  let header: HeaderMap | null = null;
  let guess: HeaderGuess | null = null;
  let guessScore = 0;
  let contextOutcome = context.findOutcomeIn(sheet);
  const reported = new Set<GridField>();
  // The fields' columns (-1 when absent) and letters, set at each header (startTable) before a
  // row is read, and what carries down, set at each action row or group heading.
  // Stryker disable UnaryOperator,BooleanLiteral,StringLiteral: equivalent: every one is set again before it is read
  let cOutcome = -1;
  let cAim = -1;
  let cRef = -1;
  let cAction = -1;
  let cUpdate = -1;
  let cStatus = -1;
  let cId = -1;
  let letters: Record<GridField, string> = columnLetters(null);
  // What carries down: the last action row's outcome and aim, or a group heading's.
  let hasCarry = false;
  let carryOutcome: Outcome | undefined;
  let carryOutcomeText = '';
  let carryAimText = '';
  // Stryker restore all

  const startTable = (found: HeaderMap) => {
    header = found;
    firstHeader ??= found;
    const columns = found.columns;
    cOutcome = columns.outcome ?? -1;
    cAim = columns.aim ?? -1;
    cRef = columns.laaRef ?? -1;
    cAction = columns.action ?? -1;
    cUpdate = columns.update ?? -1;
    cStatus = columns.status ?? -1;
    cId = columns.id ?? -1;
    letters = columnLetters(found);
    hasCarry = false;
    for (const field of NEEDED_FIELDS) {
      if (columns[field] !== undefined || reported.has(field)) continue;
      if (field === 'outcome' && contextOutcome !== undefined) continue;
      reported.add(field);
      const unplaced = found.extra[0];
      findings.push(
        makeFinding(
          'missing-column',
          { sheet, cell: `${columnLetter(unplaced?.column ?? 0)}${found.row}` },
          { sheet, column: FIELD_NAMES[field], row: found.row, labels: listLabels(found.seen.map((s) => s.label)), example: FIELD_NAMES[field] },
        ),
      );
    }
  };

  for (let r = 0; r < total; r++) {
    const raw = values[r];
    if (!Array.isArray(raw)) continue;
    const rowNumber = r + 1;

    if (header === null) {
      if (r >= HEADER_SCAN_ROWS) break;
      const texts = rowTexts(raw);
      const read = readHeaderRow(texts, rowNumber, labels);
      if (read.columns.action !== undefined && read.core >= 3) {
        startTable({ row: read.row, columns: read.columns, extra: read.extra, seen: read.seen });
      } else {
        const placedCount = Object.keys(read.columns).length;
        const score = placedCount * 1000 + read.seen.length;
        if (read.seen.length >= 2 && score > guessScore) {
          guessScore = score;
          const placed: Partial<Record<GridField, string>> = {};
          for (const field of GridField) {
            const column = read.columns[field];
            if (column !== undefined) placed[field] = texts[column]!;
          }
          guess = { sheet, row: rowNumber, placed, unplaced: read.extra.map((e) => e.label) };
        }
        contextOutcome = titleOutcome(texts, context) ?? contextOutcome;
      }
      continue;
    }

    const action = cellText(raw, cAction);
    // A repeated header (another table below): the cell under this table's Actions is a short
    // header label — "Actions" again, or another column's when the next table orders its
    // columns differently — and the row reads as a header. Never an action row called "LAA Ref".
    // A cell longer than a label can be (the header reader's own limit) is an action, and is
    // not matched against the labels: most actions are, and matching costs a comparison key.
    if (action !== '' && action.length <= MAX_LABEL_KEY && labels.fieldOf(action) !== undefined) {
      const again = readHeaderRow(rowTexts(raw), rowNumber, labels);
      if (again.columns.action !== undefined && again.core >= 3) {
        startTable({ row: again.row, columns: again.columns, extra: again.extra, seen: again.seen });
        continue;
      }
    }
    const update = cellText(raw, cUpdate);
    const outcomeRaw = cellText(raw, cOutcome);
    const aimRaw = cellText(raw, cAim);

    if (action === '' && update === '') {
      // Not an action row: a spacer, a group heading ("Stay Safe" alone) or a title line.
      const heading = outcomeRaw === '' ? undefined : cache.outcome(outcomeRaw);
      if (heading) {
        hasCarry = true;
        carryOutcome = heading;
        carryOutcomeText = outcomeRaw;
        carryAimText = aimRaw;
      } else {
        const titled = titleOutcome(rowTexts(raw), context);
        if (titled) {
          contextOutcome = titled;
          hasCarry = false;
        }
      }
      continue;
    }

    let outcome: Outcome | undefined;
    let outcomeText: string;
    if (outcomeRaw !== '') {
      outcomeText = outcomeRaw;
      outcome = cache.outcome(outcomeRaw);
    } else if (hasCarry) {
      outcomeText = carryOutcomeText;
      outcome = carryOutcome;
    } else {
      outcomeText = contextOutcome?.name ?? '';
      outcome = contextOutcome;
    }
    const sameOutcome =
      hasCarry &&
      (outcomeRaw === '' || (outcome ? carryOutcome === outcome : outcomeText === carryOutcomeText || labelKey(carryOutcomeText) === labelKey(outcomeText)));
    const aimText = aimRaw !== '' ? aimRaw : sameOutcome ? carryAimText : '';
    hasCarry = true;
    carryOutcome = outcome;
    carryOutcomeText = outcomeText;
    carryAimText = aimText;

    const laaRefsText = cellText(raw, cRef);
    const statusText = cellText(raw, cStatus);
    const idText = cellText(raw, cId);
    // Named stores in one order: every row's cells object shares one shape.
    const rowText = String(rowNumber);
    const cells: Partial<Record<GridField, string>> = {};
    if (cOutcome >= 0) cells.outcome = letters.outcome + rowText;
    if (cAim >= 0) cells.aim = letters.aim + rowText;
    if (cRef >= 0) cells.laaRef = letters.laaRef + rowText;
    if (cAction >= 0) cells.action = letters.action + rowText;
    if (cUpdate >= 0) cells.update = letters.update + rowText;
    if (cStatus >= 0) cells.status = letters.status + rowText;
    if (cId >= 0) cells.id = letters.id + rowText;
    let extra: Record<string, string> = NO_EXTRA;
    const extraColumns = (header as HeaderMap).extra;
    for (let i = 0; i < extraColumns.length; i++) {
      const { column, label } = extraColumns[i]!;
      const value = cellToText(raw[column]);
      if (value === '') continue;
      if (extra === NO_EXTRA) extra = {};
      extra[label] = value;
    }
    if (hiddenRows !== null && hiddenRows[r] === 1) {
      if (hiddenRowsRead.length === 0) firstHiddenAction = cells.action!;
      hiddenRowsRead.push(rowNumber);
    }
    rows.push({
      sheet,
      row: rowNumber,
      id: idText !== '' && UUID.test(idText) ? idText.toLowerCase() : null,
      outcome: outcome?.name ?? null,
      outcomeCode: outcome?.code ?? null,
      outcomeText,
      aim: aimText,
      aimCode: aimText === '' ? null : cache.aim(aimText, outcome).code,
      laaRefs: laaRefsText === '' ? [] : cache.splitRefs(laaRefsText).refs,
      laaRefsText,
      action,
      update,
      // Most returns have no Status column: a blank status skips parseStatus's trim and regex on every row.
      status: statusText === '' ? null : (parseStatus(statusText) ?? null),
      statusText,
      extra,
      cells,
    });
  }
  if (hiddenRowsRead.length > 0) findings.push(hiddenRowsFinding(sheet, hiddenRowsRead, firstHiddenAction));
  if (firstHeader !== null && Array.isArray(input.hiddenColumns) && input.hiddenColumns.length > 0) {
    const finding = hiddenColumnsFinding(sheet, input.hiddenColumns, firstHeader, rows);
    if (finding) findings.push(finding);
  }
  return { sheet, header: firstHeader, rows, findings, headerGuess: firstHeader === null ? guess : null };
}

/** The finding for hidden rows read: `hidden` their row numbers, `cell` the first one's Actions cell. */
function hiddenRowsFinding(sheet: string, hidden: readonly number[], cell: string): Finding {
  const listed = hidden.slice(0, MAX_LISTED_ROWS).join(', ');
  const more = hidden.length > MAX_LISTED_ROWS ? ` and ${hidden.length - MAX_LISTED_ROWS} more` : '';
  return makeFinding('hidden-rows', { sheet, cell }, { count: hidden.length, sheet, rows: `rows ${listed}${more}` });
}

/**
 * Hidden columns the grid read something from: a recognised column (other than the add-in's
 * own hidden Row ID column) or an extra labelled column, with text in at least one row read.
 */
function hiddenColumnsFinding(sheet: string, hiddenColumns: readonly number[], header: HeaderMap, rows: readonly GridRow[]): Finding | null {
  const marks = indexMarks(hiddenColumns, MAX_GRID_COLUMNS);
  if (marks === null) return null;
  const named: string[] = [];
  let firstCell = '';
  for (const field of GridField) {
    const column = header.columns[field];
    if (field === 'id' || column === undefined || marks[column] !== 1) continue;
    const key = FIELD_KEYS[field];
    if (!rows.some((row) => row[key] !== '')) continue;
    const letter = columnLetter(column);
    named.push(`${letter} (${header.seen.find((s) => s.column === column)?.label ?? FIELD_NAMES[field]})`);
    firstCell ||= `${letter}${header.row}`;
  }
  for (const { column, label } of header.extra) {
    if (marks[column] !== 1 || !rows.some((row) => row.extra[label] !== undefined)) continue;
    const letter = columnLetter(column);
    named.push(`${letter} (${label})`);
    firstCell ||= `${letter}${header.row}`;
  }
  if (named.length === 0) return null;
  return makeFinding('hidden-columns', { sheet, cell: firstCell }, { sheet, columns: named.join(', ') });
}

/** The text of each field in a read row: what a hidden column would have put there. */
const FIELD_KEYS = {
  outcome: 'outcomeText',
  aim: 'aim',
  laaRef: 'laaRefsText',
  action: 'action',
  update: 'update',
  status: 'statusText',
  id: 'id',
} as const satisfies Record<GridField, keyof GridRow>;

/** The column letter of each recognised field ('' when absent), worked out once per header. */
function columnLetters(header: HeaderMap | null): Record<GridField, string> {
  const letter = (field: GridField) => {
    const column = header?.columns[field];
    return column === undefined ? '' : columnLetter(column);
  };
  return { outcome: letter('outcome'), aim: letter('aim'), laaRef: letter('laaRef'), action: letter('action'), update: letter('update'), status: letter('status'), id: letter('id') };
}

/**
 * A line such as "LEICESTERSHIRE … CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE" names an
 * outcome. A title merged across several cells repeats its text in each: counted once.
 */
function titleOutcome(texts: readonly string[], context: GridContext): Outcome | undefined {
  let found: Outcome | undefined;
  let filled = 0;
  let previous = '';
  for (const text of texts) {
    if (text === '' || text === previous) continue;
    previous = text;
    if (++filled > 3) return undefined;
    found = found ?? context.findOutcomeIn(text);
  }
  return found;
}

export interface ParsedWorkbook {
  rows: GridRow[];
  findings: Finding[];
  /** Names of the sheets where a grid was found, in workbook order. */
  sheetsWithGrid: string[];
  sheetOrder: string[];
  /** Sheets not read because they are hidden or very hidden, in workbook order. */
  hiddenSheets: string[];
  /** On sheets without a grid: the rows that came closest to a header, in workbook order. */
  headerGuesses: HeaderGuess[];
}

/**
 * Every visible sheet through parseSheet; sheets without a grid get an info finding
 * (`no-grid`), hidden and very hidden sheets one saying they were not read (`hidden-sheet`).
 */
export function parseSheets(sheets: readonly SheetInput[], config: PartnershipConfig): ParsedWorkbook {
  const result: ParsedWorkbook = { rows: [], findings: [], sheetsWithGrid: [], sheetOrder: [], hiddenSheets: [], headerGuesses: [] };
  for (const input of sheets) {
    if (input.visibility === 'Hidden' || input.visibility === 'VeryHidden') {
      const sheet = String(input.name);
      result.sheetOrder.push(sheet);
      result.hiddenSheets.push(sheet);
      result.findings.push(makeFinding('hidden-sheet', { sheet, cell: 'A1' }, { sheet, state: input.visibility === 'Hidden' ? 'hidden' : 'very hidden' }));
      continue;
    }
    const parsed = parseSheet(input, config);
    result.sheetOrder.push(parsed.sheet);
    for (const finding of parsed.findings) result.findings.push(finding);
    if (parsed.header) {
      result.sheetsWithGrid.push(parsed.sheet);
      if (result.rows.length === 0) result.rows = parsed.rows;
      else for (const row of parsed.rows) result.rows.push(row);
    } else {
      result.findings.push(makeFinding('no-grid', { sheet: parsed.sheet, cell: 'A1' }, { sheet: parsed.sheet }));
      if (parsed.headerGuess) result.headerGuesses.push(parsed.headerGuess);
    }
  }
  return result;
}

/**
 * Why no grid was found, for the refusal: the likeliest header row (the most columns
 * recognised, then the most labels), what it lacks, and the labels it could not place; and
 * the hidden sheets that were not read.
 */
export function describeNoGrid(parsed: Pick<ParsedWorkbook, 'headerGuesses' | 'hiddenSheets'>): string {
  const parts = ['No return grid found: no sheet has a header row with Actions and two of Outcome, Aim, LAA Ref and District Update.'];
  let best: HeaderGuess | undefined;
  let bestScore = -1;
  for (const guess of parsed.headerGuesses) {
    const score = Object.keys(guess.placed).length * 1000 + guess.unplaced.length;
    if (score > bestScore) {
      best = guess;
      bestScore = score;
    }
  }
  if (best) {
    const placed = GridField.filter((f) => best.placed[f] !== undefined).map((f) => `"${best.placed[f]}" as ${FIELD_NAMES[f]}`);
    const missing = NEEDED_FIELDS.filter((f) => best.placed[f] === undefined).map((f) => FIELD_NAMES[f]);
    parts.push(
      `The likeliest header is row ${best.row} of sheet "${best.sheet}": ` +
        `${placed.length > 0 ? `it reads ${placed.join(', ')}, ` : ''}` +
        `finds no ${orList(missing)} column, and could not place ${listLabels(best.unplaced)}.`,
      "Head the columns as the add-in does (Outcome, Aim, LAA Ref, Actions, District Update), or add the wording to the partnership configuration's column labels.",
    );
  }
  if (parsed.hiddenSheets.length > 0) parts.push(`Hidden sheets were not read: ${listLabels(parsed.hiddenSheets)}.`);
  return parts.join(' ');
}
