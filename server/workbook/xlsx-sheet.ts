/**
 * One worksheet part read as a person sees it in Excel, in one streaming pass (saxes), into
 * the grid reader's SheetInput. Rules (ECMA-376 Part 1 §18.3):
 * - `<row r>` and `<c r>` are optional: a row without `r` follows the previous row, a cell
 *   without `r` the previous cell (LibreOffice, Numbers and streaming writers leave them out);
 * - a cell's text: a shared string (`t="s"`, rich runs joined), an inline string (`t="inlineStr"`,
 *   rich runs joined, phonetic runs left out), a formula's saved result (`t="str"`, or a number),
 *   TRUE/FALSE, or a number as its number format displays it (xlsx-format.ts); an error value
 *   (`t="e"`) is read as empty with a `cell-error` finding, a formula with no saved value
 *   (`<f>` and no `<v>`) as empty with a `formula-no-value` finding: never a silent blank;
 * - a hyperlink (`<hyperlinks>`, its address in the sheet's relationships) keeps its address
 *   beside its text, "text (address)", unless the text already holds the address; so does a
 *   `HYPERLINK("address", …)` formula with a literal address;
 * - merges (`<mergeCell ref>`) are passed as 0-based ranges, clipped to the used range (the last
 *   row and column holding text), since nothing past it can show a value; the grid gives the
 *   top-left value to the covered cells. exceljs expands every merge cell by cell, which a
 *   hostile file turns into billions of objects; here merges cost one record each, capped;
 * - hidden rows (`<row hidden="1">`) and columns (`<col hidden="1" min max>`) are listed;
 * - everything else (data validations, conditional formats, drawings, extensions) is skipped
 *   unread, so none of it can blow up;
 * - bounds: at most `MAX_XML_ROWS` row records (past them the file is refused as too large);
 *   rows past the grid's limit and columns past `MAX_GRID_COLUMNS` are read through but not
 *   kept (a row of styled empty cells to column XFD costs parsing, bounded by the part's size
 *   cap, and nothing else); a cell's text is cut at `MAX_READ_CELL`.
 */
import { withLinkAddress } from '../../shared/grid/link-text';
import {
  AppError,
  ErrorKind,
  MAX_GRID_COLUMNS,
  MAX_GRID_ROWS,
  cellAddress,
  makeFinding,
  type Finding,
  type SheetInput,
  type SheetMerge,
} from '../../shared';
import { displayIsoDate, displayNumber, type NumberFormats } from './xlsx-format';
import { StringCollector, unescapeXstring, type Relationship } from './xlsx-package';
import { attr, damagedPart, isTrue, parseXmlPart, relationshipId, smlLocal, type XmlTag } from './xlsx-xml';

/** Row records of a sheet read at most: a return's rows and its titles and spacers. */
export const MAX_XML_ROWS = MAX_GRID_ROWS + 1000;
/** A cell's text is cut here; far past Excel's own 32,767 so the too-long rule still sees it. */
export const MAX_READ_CELL = 100_000;
/** Rows kept: the grid reads MAX_GRID_ROWS rows after a header, and says when there are more. */
const KEPT_ROWS = MAX_GRID_ROWS + 1;

/** The workbook-wide budget for merges, shared by all its sheets. */
export interface MergeBudget {
  /** `<mergeCell>` records left. */
  ranges: number;
  /** Cells that the (clipped) merges may still cover. */
  cells: number;
}

/** At most this many merged ranges in a workbook: a return has tens; past it, the file is refused. */
export const MAX_MERGE_RANGES = 10_000;
/** At most this many cells covered by merges (after clipping to the used range) in a workbook. */
export const MAX_MERGED_CELLS = 1_000_000;

/** At most this many hyperlinks in a sheet, and cells they cover: a return has a handful. */
export const MAX_HYPERLINKS = 50_000;

function tooManyLinks(): AppError {
  return new AppError(
    ErrorKind.tooLarge,
    'too-many-links',
    `A sheet has more than ${MAX_HYPERLINKS.toLocaleString('en-GB')} hyperlinks, or links over more than ${MAX_MERGED_CELLS.toLocaleString('en-GB')} cells; a return is far smaller. Remove the hyperlinks and send it again.`,
  );
}

/** A fresh budget for one workbook: MAX_MERGE_RANGES ranges and MAX_MERGED_CELLS cells. */
export function newMergeBudget(): MergeBudget {
  return { ranges: MAX_MERGE_RANGES, cells: MAX_MERGED_CELLS };
}

function tooManyRows(): AppError {
  return new AppError(ErrorKind.tooLarge, 'too-many-rows', `The workbook has more rows or columns than a return can (${MAX_GRID_ROWS} rows).`);
}

/** "AB12" → { column: 27, row: 11 } (0-based); undefined when it is not an A1 reference. */
export function parseA1(ref: string): { column: number; row: number } | undefined {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!match) return undefined;
  return { column: columnIndex(match[1]!), row: Number(match[2]) - 1 };
}

function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + ((letters.charCodeAt(i) | 0x20) - 96);
  return n - 1;
}

/** "C4:C5" (or a single "C4") → a 0-based inclusive range; undefined when malformed. */
export function parseRange(ref: string): SheetMerge | undefined {
  const [from, to = from] = ref.split(':');
  const a = from === undefined ? undefined : parseA1(from);
  const b = to === undefined ? undefined : parseA1(to);
  if (!a || !b) return undefined;
  return { top: Math.min(a.row, b.row), left: Math.min(a.column, b.column), bottom: Math.max(a.row, b.row), right: Math.max(a.column, b.column) };
}

interface CellState {
  row: number;
  column: number;
  type: string;
  style: number | undefined;
  value: string[] | null;
  hasFormula: boolean;
  /** The formula's text while it is short enough to be a HYPERLINK(…) worth reading. */
  formula: string[] | null;
  /** An `<is>` was met: an inline string, whatever `t` says. */
  hasInline: boolean;
}

/** One worksheet part and what the workbook gives to read it (shared strings, formats, links). */
export interface ReadSheetOptions {
  name: string;
  partName: string;
  bytes: Uint8Array;
  sharedStrings: readonly string[];
  formats: NumberFormats;
  /** The sheet part's relationships (hyperlink targets). */
  relationships: ReadonlyMap<string, Relationship>;
  budget: MergeBudget;
  /** Findings about cells (errors, formulas with no value) are added here. */
  findings: Finding[];
}

/** Reads one worksheet part; throws an AppError when it is damaged or past the bounds. */
export function readWorksheet(options: ReadSheetOptions): SheetInput {
  const { name, partName, sharedStrings, formats, findings, budget } = options;
  const values: string[][] = [];
  const hiddenRows: number[] = [];
  const hiddenColumns = new Set<number>();
  const rawMerges: SheetMerge[] = [];
  const links: { range: SheetMerge; address: string }[] = [];
  let maxRow = -1;
  let maxColumn = -1;
  let rowRecords = 0;
  let rowIndex = -1;
  let previousColumn = -1;
  /** The open row record had no `r`: its first cell's own reference may place it. */
  let rowPlacedByCell = false;
  let rowHidden = false;
  let cells: string[] | undefined;
  let cell: CellState | undefined;
  let inSheetData = false;
  let inValue = false;
  let inFormula = false;
  let inInline = false;
  const inline = new StringCollector();

  const finishCell = (c: CellState) => {
    if (c.row >= KEPT_ROWS || c.column >= MAX_GRID_COLUMNS) return;
    const raw = c.value === null ? null : c.value.join('');
    const where = () => ({ sheet: name, cell: cellAddress(c.column, c.row + 1) });
    let text = '';
    // Some exporters put an inline string's text in <v> instead of <is>; nothing is lost either way.
    if (c.type === 'inlineStr' || c.hasInline) text = inline.take() || (raw === null ? '' : unescapeXstring(raw));
    else if (c.hasFormula && raw === null) findings.push(makeFinding('formula-no-value', where(), { cell: where().cell }));
    else if (raw === null || raw.trim() === '') text = '';
    else if (c.type === 's') {
      const index = Number(raw);
      const shared = Number.isInteger(index) ? sharedStrings[index] : undefined;
      if (shared === undefined) throw damagedPart(partName, `points cell ${where().cell} at shared string ${raw.slice(0, 12)}, which is not there`);
      text = shared;
    } else if (c.type === 'str') text = unescapeXstring(raw);
    else if (c.type === 'b') text = raw.trim() === '1' || raw.trim() === 'true' ? 'TRUE' : 'FALSE';
    else if (c.type === 'e') findings.push(makeFinding('cell-error', where(), { error: raw.trim() }));
    else if (c.type === 'd') text = displayIsoDate(raw.trim(), c.style, formats);
    else {
      const number = Number(raw);
      text = Number.isFinite(number) ? displayNumber(number, c.style, formats) : raw;
    }
    if (text === '') return;
    const linked = c.formula ? HYPERLINK_FORMULA.exec(c.formula.join('')) : null;
    if (linked) text = withLinkAddress(text, linked[1]!.replace(/""/g, '"'));
    if (text.length > MAX_READ_CELL) text = text.slice(0, MAX_READ_CELL);
    cells![c.column] = text;
    if (c.row > maxRow) maxRow = c.row;
    if (c.column > maxColumn) maxColumn = c.column;
  };

  parseXmlPart(partName, options.bytes, {
    open(tag: XmlTag) {
      const local = smlLocal(tag);
      if (cell) {
        if (inInline) inline.open(tag);
        else if (local === 'v') {
          inValue = true;
          cell.value ??= [];
        } else if (local === 'f') {
          cell.hasFormula = true;
          inFormula = true;
          cell.formula = [];
        }
        else if (local === 'is') {
          inInline = true;
          cell.hasInline = true;
          inline.take();
        }
        return;
      }
      if (inSheetData) {
        if (local === 'row') {
          if (++rowRecords > MAX_XML_ROWS) throw tooManyRows();
          const r = Number(attr(tag, 'r'));
          rowPlacedByCell = !(Number.isInteger(r) && r >= 1);
          rowIndex = rowPlacedByCell ? rowIndex + 1 : r - 1;
          previousColumn = -1;
          cells = rowIndex < KEPT_ROWS ? (values[rowIndex] ??= []) : undefined;
          rowHidden = isTrue(attr(tag, 'hidden'));
        } else if (local === 'c') {
          const ref = attr(tag, 'r');
          const at = ref === undefined ? undefined : parseA1(ref);
          if (at && rowPlacedByCell && at.row > rowIndex) {
            // A row record without `r` whose cells say where they are (some writers do this).
            rowIndex = at.row;
            cells = rowIndex < KEPT_ROWS ? (values[rowIndex] ??= []) : undefined;
          }
          rowPlacedByCell = false;
          const column = at ? at.column : previousColumn + 1;
          previousColumn = column;
          const s = attr(tag, 's');
          cell = { row: rowIndex, column, type: attr(tag, 't') ?? 'n', style: s === undefined ? undefined : Number(s), value: null, hasFormula: false, formula: null, hasInline: false };
          if (!cells) cell.row = KEPT_ROWS; // a row past the limit: read through, keep nothing
        }
        return;
      }
      if (local === 'sheetData') inSheetData = true;
      else if (local === 'col') {
        if (!isTrue(attr(tag, 'hidden'))) return;
        const min = Number(attr(tag, 'min'));
        const max = Math.min(Number(attr(tag, 'max')), MAX_GRID_COLUMNS);
        if (Number.isInteger(min) && Number.isInteger(max)) for (let c = Math.max(1, min); c <= max; c++) hiddenColumns.add(c - 1);
      } else if (local === 'mergeCell') {
        if (--budget.ranges < 0) {
          throw new AppError(
            ErrorKind.tooLarge,
            'too-many-merges',
            `The workbook has more than ${MAX_MERGE_RANGES.toLocaleString('en-GB')} merged ranges; a return needs far fewer. Unmerge the cells (Home > Merge & Center > Unmerge Cells) and send it again.`,
          );
        }
        const range = parseRange(attr(tag, 'ref') ?? '');
        if (range) rawMerges.push(range);
      } else if (local === 'hyperlink') {
        const range = parseRange(attr(tag, 'ref') ?? '');
        const id = relationshipId(tag);
        const target = id === undefined ? undefined : options.relationships.get(id);
        const location = attr(tag, 'location');
        const address = target ? target.target + (location ? `#${location}` : '') : location;
        if (range && address && links.push({ range, address }) > MAX_HYPERLINKS) throw tooManyLinks();
      }
    },
    close(tag: XmlTag) {
      const local = smlLocal(tag);
      if (cell) {
        if (inInline) {
          if (local === 'is') inInline = false;
          else inline.close(tag);
        } else if (local === 'v') inValue = false;
        else if (local === 'f') inFormula = false;
        else if (local === 'c') {
          finishCell(cell);
          cell = undefined;
        }
        return;
      }
      if (local === 'row' && inSheetData) {
        if (rowHidden && rowIndex < KEPT_ROWS) hiddenRows.push(rowIndex);
        rowHidden = false;
      } else if (local === 'sheetData') inSheetData = false;
    },
    text(text: string) {
      if (!cell) return;
      if (inInline) inline.text(text);
      else if (inValue) cell.value!.push(text);
      else if (inFormula && cell.formula && cell.formula.length < 64) cell.formula.push(text);
    },
  });

  applyLinks(values, links, maxRow, maxColumn);
  const merges = clipMerges(rawMerges, maxRow, maxColumn, budget);
  const sheet: SheetInput = { name, values };
  if (merges.length > 0) sheet.merges = merges;
  if (hiddenRows.length > 0) sheet.hiddenRows = hiddenRows;
  if (hiddenColumns.size > 0) sheet.hiddenColumns = [...hiddenColumns].sort((a, b) => a - b);
  return sheet;
}

/**
 * Merges clipped to the used range (rows 0…maxRow, columns 0…maxColumn): a merge whose
 * top-left is past it holds no value and covers nothing a person can read. The covered cells
 * are counted against the workbook's budget; past it the file is refused.
 */
function clipMerges(merges: readonly SheetMerge[], maxRow: number, maxColumn: number, budget: MergeBudget): SheetMerge[] {
  const kept: SheetMerge[] = [];
  for (const m of merges) {
    if (m.top > maxRow || m.left > maxColumn) continue;
    const clipped = { top: m.top, left: m.left, bottom: Math.min(m.bottom, maxRow), right: Math.min(m.right, maxColumn) };
    if (clipped.top === clipped.bottom && clipped.left === clipped.right) continue;
    budget.cells -= (clipped.bottom - clipped.top + 1) * (clipped.right - clipped.left + 1);
    if (budget.cells < 0) {
      throw new AppError(
        ErrorKind.tooLarge,
        'merges-too-large',
        `Merged cells in the workbook cover more than ${MAX_MERGED_CELLS.toLocaleString('en-GB')} cells; a return is far smaller. Unmerge the cells (Home > Merge & Center > Unmerge Cells) and send it again.`,
      );
    }
    kept.push(clipped);
  }
  return kept;
}

/** Hyperlinked cells read as "text (address)", unless the text already is the address. */
function applyLinks(values: string[][], links: readonly { range: SheetMerge; address: string }[], maxRow: number, maxColumn: number): void {
  let budget = MAX_MERGED_CELLS;
  for (const { range, address } of links) {
    const bottom = Math.min(range.bottom, maxRow);
    const right = Math.min(range.right, maxColumn);
    for (let r = range.top; r <= bottom; r++) {
      const row = values[r];
      if (!row) continue;
      budget -= right - range.left + 1;
      if (budget < 0) throw tooManyLinks();
      for (let c = range.left; c <= right; c++) {
        const text = row[c];
        if (text) row[c] = withLinkAddress(text, address);
      }
    }
  }
}

/** `=HYPERLINK("address", …)` with a literal address: the link a person clicks, kept like a hyperlink's. */
const HYPERLINK_FORMULA = /^\s*(?:_xlfn\.)?HYPERLINK\(\s*"((?:[^"]|"")*)"/i;

