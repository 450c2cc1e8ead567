/**
 * Reading a return from a 2-D array of cell values (Excel's `range.values`, or a sheet read
 * by the service) into action rows. Pure: no I/O, never throws on any array it is given.
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
 *   the Aim cell (aims.ts); Status and the Row ID are read when their columns exist.
 */
import { indexLinks, withLinkAddress, type SheetLink } from './link-text';
import type { PartnershipConfig, Outcome } from '../config/schema';
import { makeFinding, type Finding } from '../rules/rules';
import { labelKey } from '../text/normalise';
import { cellToText, columnLetter } from './cell';
import { getGridContext, type GridContext } from './context';
import { GridField, headerField, matchHeader, type HeaderMap } from './header';
import { parseAim, type ParsedAim } from './aims';
import { splitRefs, type SplitRefs } from './laa-refs';
import { parseStatus, type GridRow } from './types';

export const MAX_GRID_ROWS = 50_000;
export const MAX_GRID_COLUMNS = 200;
const HEADER_SCAN_ROWS = 200;
const MAX_HEADER_LABEL = 40;
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
  /** Web and mail links on cells, so a District Update keeps its address visible (link-text.ts). */
  links?: readonly SheetLink[];
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
}

interface Carry {
  outcome: Outcome | undefined;
  outcomeText: string;
  aimText: string;
}

/** Per-read caches: officers repeat the same outcome, aim and ref cells row after row. */
class ReadCache {
  private readonly outcomes = new Map<string, Outcome | undefined>();
  private readonly aims = new Map<string, Map<string, ParsedAim>>();
  private readonly refs = new Map<string, SplitRefs>();
  constructor(private readonly context: GridContext) {}

  outcome(text: string): Outcome | undefined {
    if (!this.outcomes.has(text)) this.outcomes.set(text, this.context.matchOutcome(text));
    return this.outcomes.get(text);
  }
  aim(text: string, outcome: Outcome | undefined): ParsedAim {
    const code = outcome?.code ?? '';
    let byText = this.aims.get(code);
    if (!byText) this.aims.set(code, (byText = new Map()));
    let parsed = byText.get(text);
    if (!parsed) {
      parsed = parseAim(text, outcome, this.context);
      if (text.length < 500) byText.set(text, parsed);
    }
    return parsed;
  }
  splitRefs(text: string): SplitRefs {
    let split = this.refs.get(text);
    if (!split) {
      split = splitRefs(text, this.context.catalogue);
      if (text.length < 500) this.refs.set(text, split);
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

export function parseSheet(input: SheetInput, config: PartnershipConfig): ParsedSheet {
  const context = getGridContext(config);
  const cache = new ReadCache(context);
  const sheet = String(input.name);
  const values = Array.isArray(input.values) ? input.values : [];
  const findings: Finding[] = [];
  const rows: GridRow[] = [];
  const total = Math.min(values.length, MAX_GRID_ROWS);
  const linkAt = indexLinks(input.links);
  if (values.length > MAX_GRID_ROWS) {
    findings.push(makeFinding('too-many-rows', { sheet, cell: `A${MAX_GRID_ROWS}` }, { limit: MAX_GRID_ROWS, sheet }));
  }

  let firstHeader: HeaderMap | null = null;
  let header: HeaderMap | null = null;
  let contextOutcome = context.findOutcomeIn(sheet);
  let carry: Carry | null = null;
  let letters: [GridField, string][] = [];

  for (let r = 0; r < total; r++) {
    const raw = values[r];
    if (!Array.isArray(raw)) continue;
    const rowNumber = r + 1;

    if (header === null) {
      if (r >= HEADER_SCAN_ROWS) break;
      const texts = rowTexts(raw);
      const found = matchHeader(texts, rowNumber);
      if (found) {
        header = found;
        firstHeader = found;
        letters = columnLetters(found);
        carry = null;
      } else {
        contextOutcome = titleOutcome(texts, context) ?? contextOutcome;
      }
      continue;
    }

    const columns = header.columns;
    const text = (column: number | undefined): string => (column === undefined ? '' : cellToText(raw[column]));
    const action = text(columns.action);
    // A repeated header (another table below): its Actions cell is a short label.
    if (action !== '' && action.length <= MAX_HEADER_LABEL && headerField(action) === 'action') {
      const again = matchHeader(rowTexts(raw), rowNumber);
      if (again) {
        header = again;
        letters = columnLetters(again);
        carry = null;
        continue;
      }
    }
    const update = withLinkAddress(text(columns.update), linkAt(r, columns.update));
    const outcomeRaw = text(columns.outcome);
    const aimRaw = text(columns.aim);

    if (action === '' && update === '') {
      // Not an action row: a spacer, a group heading ("Stay Safe" alone) or a title line.
      if (outcomeRaw !== '' && cache.outcome(outcomeRaw)) {
        carry = { outcome: cache.outcome(outcomeRaw), outcomeText: outcomeRaw, aimText: aimRaw };
      } else {
        const titled = titleOutcome(rowTexts(raw), context);
        if (titled) {
          contextOutcome = titled;
          carry = null;
        }
      }
      continue;
    }

    let outcome: Outcome | undefined;
    let outcomeText: string;
    if (outcomeRaw !== '') {
      outcomeText = outcomeRaw;
      outcome = cache.outcome(outcomeRaw);
    } else if (carry) {
      outcomeText = carry.outcomeText;
      outcome = carry.outcome;
    } else {
      outcomeText = contextOutcome?.name ?? '';
      outcome = contextOutcome;
    }
    const sameOutcome: boolean =
      carry !== null &&
      (outcomeRaw === '' || (outcome ? carry.outcome === outcome : labelKey(carry.outcomeText) === labelKey(outcomeText)));
    const aimText: string = aimRaw !== '' ? aimRaw : sameOutcome && carry ? carry.aimText : '';
    carry = { outcome, outcomeText, aimText };

    const laaRefsText = text(columns.laaRef);
    const statusText = text(columns.status);
    const idText = text(columns.id);
    const cells: Partial<Record<GridField, string>> = {};
    const rowText = String(rowNumber);
    for (const [field, letter] of letters) cells[field] = letter + rowText;
    let extra: Record<string, string> = NO_EXTRA;
    for (const { column, label } of header.extra) {
      const value = cellToText(raw[column]);
      if (value === '') continue;
      if (extra === NO_EXTRA) extra = {};
      extra[label] = value;
    }
    rows.push({
      sheet,
      row: rowNumber,
      id: UUID.test(idText) ? idText.toLowerCase() : null,
      outcome: outcome?.name ?? null,
      outcomeCode: outcome?.code ?? null,
      outcomeText,
      aim: aimText,
      aimCode: aimText === '' ? null : cache.aim(aimText, outcome).code,
      laaRefs: laaRefsText === '' ? [] : cache.splitRefs(laaRefsText).refs,
      laaRefsText,
      action,
      update,
      status: statusText === '' ? null : (parseStatus(statusText) ?? null),
      statusText,
      extra,
      cells,
    });
  }
  return { sheet, header: firstHeader, rows, findings };
}

/** The column letter of each recognised field, worked out once per header. */
function columnLetters(header: HeaderMap): [GridField, string][] {
  const letters: [GridField, string][] = [];
  for (const field of GridField) {
    const column = header.columns[field];
    if (column !== undefined) letters.push([field, columnLetter(column)]);
  }
  return letters;
}

/** A line such as "LEICESTERSHIRE … CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE" names an outcome. */
function titleOutcome(texts: readonly string[], context: GridContext): Outcome | undefined {
  let found: Outcome | undefined;
  let filled = 0;
  for (const text of texts) {
    if (text === '') continue;
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
}

/** Every sheet through parseSheet; sheets without a grid get an info finding. */
export function parseSheets(sheets: readonly SheetInput[], config: PartnershipConfig): ParsedWorkbook {
  const result: ParsedWorkbook = { rows: [], findings: [], sheetsWithGrid: [], sheetOrder: [] };
  for (const input of sheets) {
    const parsed = parseSheet(input, config);
    result.sheetOrder.push(parsed.sheet);
    result.findings.push(...parsed.findings);
    if (parsed.header) {
      result.sheetsWithGrid.push(parsed.sheet);
      for (const row of parsed.rows) result.rows.push(row);
    } else {
      result.findings.push(makeFinding('no-grid', { sheet: parsed.sheet, cell: 'A1' }, { sheet: parsed.sheet }));
    }
  }
  return result;
}
