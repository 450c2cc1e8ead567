/**
 * The master workbook, written with exceljs's streaming writer so a 60,000-row master never
 * holds a whole workbook model in memory. Two copies come from one model (issue 11):
 * - the board's copy: only what the board reads, ready to print or attach: an Exceptions table
 *   at the front when any row is At risk or Exceptional (seed 003: the board receives
 *   performance "by exception"), then one table per outcome; no fills, no notes, no Summary,
 *   Findings or All updates, so printing the whole workbook prints only the board's tables;
 *   updates unchanged since the previous period are left out (seed 001 §3.4) unless asked for;
 * - the working copy, for the coordinator: Summary (with what the board's copy left out), the
 *   same outcome tables with amber/blue LAA Ref highlights and notes, Exceptions, Findings and
 *   All updates (flat, filterable).
 * Every table, as on the March 2008 appendix (seed 001): title "<PARTNERSHIP> BOROUGH/DISTRICT
 * COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – <OUTCOME>", "(<period label>)", then Outcome |
 * Aim | LAA Ref | Actions | District Update; Outcome and Aim on the first row of each aim;
 * thin rules on every cell; one font, Arial (LibreOffice substitutes the metric-compatible
 * Liberation Sans, so the row heights hold there too); LAA refs one per line.
 * Row heights are set from the wrapped text (text-lines.ts), because neither Excel nor
 * LibreOffice re-fits rows on open; a text needing more than a row can hold (409 pt) goes on
 * in "(continued)" rows beneath, so nothing is clipped and nothing over Excel's 32,767
 * characters is cut. Pages: A4 landscape, one page wide, header row repeated, footer with the
 * partnership, the period and "Page &P of &N".
 * Only two small title ranges per table sheet are merged: merges slow exceljs badly at scale.
 * Every string is cleaned for XML; no cell is ever given a formula.
 */
import ExcelJS from 'exceljs';
import { PassThrough, type Writable } from 'node:stream';
import type { DistrictUpdate, MasterModel, MasterOutcome, MasterRow } from '../../shared/merge';
import { cleanCellText, cleanSheetName, toCellText } from './safe-text';
import { countLines, LINE_HEIGHT_PT, MAX_LINES_PER_ROW, rowHeightFor, splitIntoPieces, type TextFont } from './text-lines';

type Sheet = ExcelJS.Worksheet;
type CellValue = string | number;
type Style = Partial<ExcelJS.Style>;

export const MASTER_HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'] as const;

/** Which copy of the master: the board's (only its tables) or the coordinator's working copy. */
export const MASTER_COPIES = ['board', 'working'] as const;
export type MasterCopy = (typeof MASTER_COPIES)[number];

export interface MasterOptions {
  copy: MasterCopy;
  /** Keep updates unchanged since the previous period in the board's tables (default: leave them out). */
  includeUnchanged: boolean;
}

export const DEFAULT_MASTER_OPTIONS: MasterOptions = { copy: 'working', includeUnchanged: false };

/**
 * The one font of every cell. Where Arial is not installed, LibreOffice substitutes Liberation
 * Sans, whose advance widths are Arial's, so the estimated row heights still hold.
 */
export const FONT_NAME = 'Arial';
const BODY_SIZE = 10;
const TITLE_SIZE = 12;

export const FILL = {
  header: 'FFD9D9D9',
  missingRef: 'FFFFC000',
  unknownRef: 'FF9BC2E6',
  atRisk: 'FFF8CBAD',
  exceptional: 'FFC6EFCE',
  noReturn: 'FFF2F2F2',
  unchanged: 'FFE7E6E6',
} as const;

const THIN: Partial<ExcelJS.Borders> = Object.freeze({
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
});
const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const font = (size: number, bold = false): Partial<ExcelJS.Font> => ({ name: FONT_NAME, family: 2, size, ...(bold ? { bold } : {}) });
const BODY_FONT = font(BODY_SIZE);
const WRAP_TOP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
/** A column's own style: the font and wrapping any cell in it starts from. */
const COLUMN = Object.freeze<Style>({ font: BODY_FONT, alignment: WRAP_TOP });

/**
 * Style objects shared by every cell that looks the same. exceljs gives each new cell a fresh
 * copy of its column's style and then renders and hashes that copy to find its style id; a
 * shared object is looked up once (exceljs remembers ids by object), which at 700,000 cells is
 * a third of the writing time. Never mutate these: give a cell another shared object instead.
 */
const cellStyle = (fill?: string): Style =>
  Object.freeze(fill ? { font: BODY_FONT, border: THIN, alignment: WRAP_TOP, fill: solid(fill) } : { font: BODY_FONT, border: THIN, alignment: WRAP_TOP });
const BODY = cellStyle();
const BODY_FILL = {
  missingRef: cellStyle(FILL.missingRef),
  unknownRef: cellStyle(FILL.unknownRef),
  atRisk: cellStyle(FILL.atRisk),
  exceptional: cellStyle(FILL.exceptional),
  noReturn: cellStyle(FILL.noReturn),
  unchanged: cellStyle(FILL.unchanged),
} as const;
/** Rows carry no style of their own; one shared empty object spares exceljs a lookup per row. */
const NO_STYLE: Style = Object.freeze({});
const headerStyle = (hasFill: boolean): Style =>
  Object.freeze({
    font: font(BODY_SIZE, true),
    border: THIN,
    alignment: { wrapText: true, vertical: 'middle' } as Partial<ExcelJS.Alignment>,
    ...(hasFill ? { fill: solid(FILL.header) } : {}),
  });
const HEADER = { board: headerStyle(false), working: headerStyle(true) } as const;
const TITLE = Object.freeze<Style>({ font: font(TITLE_SIZE, true), alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } });
const PERIOD = Object.freeze<Style>({ font: font(BODY_SIZE, true), alignment: { horizontal: 'center', vertical: 'middle' } });
const PLAIN = COLUMN;
const PLAIN_BOLD = Object.freeze<Style>({ font: font(BODY_SIZE, true), alignment: WRAP_TOP });
const HEADING = Object.freeze<Style>({ font: font(BODY_SIZE, true), alignment: { vertical: 'top' } });
const BOARD_TITLE_FONT: TextFont = { size: TITLE_SIZE, isBold: true };

const LANDSCAPE: Partial<ExcelJS.PageSetup> = {
  orientation: 'landscape',
  paperSize: 9, // A4
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  showGridLines: false,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
};

/**
 * Rows are written synchronously into buffers the zip drains only when the event loop turns;
 * yielding every few hundred rows keeps a 60,000-row master from holding all its XML at once.
 */
const YIELD_EVERY = 500;
const yieldToZip = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The board's title for an outcome's table, as on the March 2008 appendix. */
export function formatOutcomeTitle(partnership: string, outcome: string): string {
  return `${partnership.toUpperCase()} BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – ${outcome.toUpperCase()}`;
}

/** "Leicestershire-district-returns-2008-03.xlsx" (working copy), "…-2008-03-board.xlsx": safe in a Content-Disposition header. */
export function formatMasterFileName(partnership: string, period: string, copy: MasterCopy = 'working'): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'master';
  return `${safe(partnership)}-district-returns-${safe(period)}${copy === 'board' ? '-board' : ''}.xlsx`;
}

/**
 * The printed footer: partnership left, period centre, "Page N of M" right, in the table font.
 * Codes from the header/footer grammar (ECMA-376 Part 1 §18.3.1.39): &L &C &R sections, &P
 * page, &N pages, &"font,style", &size; a literal & is written &&. Excel holds 255 characters.
 */
export function formatFooter(partnership: string, periodLabel: string): string {
  const literal = (text: string, max: number) => cleanCellText(text).replace(/[\r\n]+/g, ' ').slice(0, max).replace(/&/g, '&&');
  // Size first: a size code runs on into digits after it ("&9" + "20 March" reads as size 920).
  const f = `&9&"${FONT_NAME},Regular"`;
  return `&L${f}${literal(partnership, 80)}&C${f}${literal(periodLabel, 60)}&R${f}Page &P of &N`;
}

/**
 * Makes Arial 10 the workbook's default font (font 0, the Normal style's), before any cell
 * style is added. Column widths are counted in the Normal font's digit width (ECMA-376 Part 1
 * §18.3.1.13): with exceljs's default Calibri, LibreOffice on a machine without Calibri
 * measures columns in its stand-in (DejaVu Sans, wider digits) and the page no longer matches
 * Excel's or our row heights. exceljs's streaming writer has no option for this; its style
 * manager takes the first font added as font 0 (styles-xform.js, _addFont), so we add ours first.
 */
function setDefaultFont(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (workbook as unknown as { styles?: { _addFont?: (font: Partial<ExcelJS.Font>) => number } }).styles;
  if (typeof styles?._addFont !== 'function' || styles._addFont(BODY_FONT) !== 0) {
    throw new Error('exceljs changed: the master could not set its default font');
  }
}

/** Writes the chosen copy of the master to `output` (a stream), ending it. */
export async function writeMasterWorkbook(model: MasterModel, output: Writable, options: MasterOptions = DEFAULT_MASTER_OPTIONS): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    // No shared-strings table: nearly every text here is a long update written once, so the
    // table only held a second copy of the whole master (hashed) until the end and then wrote it
    // as one more string; at 60,000 rows that was ~175 MB of the peak. exceljs then writes each
    // text in its cell as t="str" with a <v> value and never an <f>: text, not a formula, which
    // Excel, LibreOffice and exceljs read back as the plain string.
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
  } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
  setDefaultFont(workbook);
  workbook.creator = 'District Returns';
  workbook.created = new Date(model.madeAt);
  const names = new Set<string>();
  const footer = formatFooter(model.partnership, model.period.label);
  const add = (name: string, titleRows: number) =>
    workbook.addWorksheet(cleanSheetName(name, names), {
      views: [{ state: 'frozen', xSplit: 0, ySplit: titleRows + 1, topLeftCell: `A${titleRows + 2}`, activeCell: `A${titleRows + 2}` }],
      pageSetup: { ...LANDSCAPE, printTitlesRow: `${titleRows + 1}:${titleRows + 1}` },
      headerFooter: { oddFooter: footer, evenFooter: footer, firstFooter: footer },
    });
  const writer = new TableWriter(options);

  if (options.copy === 'board') {
    if (model.exceptions.length > 0) writeExceptions(add('Exceptions', 2), model, writer);
    for (const outcome of model.outcomes) await writeOutcome(add(outcome.name, 2), model, outcome, writer);
  } else {
    writeSummary(add('Summary', 0), model, writer);
    for (const outcome of model.outcomes) await writeOutcome(add(outcome.name, 2), model, outcome, writer);
    writeExceptions(add('Exceptions', 2), model, writer);
    await writeFindings(add('Findings', 0), model, writer);
    await writeAllUpdates(add('All updates', 0), model, writer);
  }
  await workbook.commit();
}

/** The chosen copy of the workbook as bytes, for a download or a file. */
export async function renderMasterWorkbook(model: MasterModel, options: MasterOptions = DEFAULT_MASTER_OPTIONS): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await writeMasterWorkbook(model, sink, options);
  await ended;
  return Buffer.concat(chunks);
}

/** A table's columns: widths in characters, and whether the copy may carry fills and notes. */
class TableWriter {
  readonly isBoard: boolean;
  constructor(readonly options: MasterOptions) {
    this.isBoard = options.copy === 'board';
  }

  setColumns(sheet: Sheet, widths: readonly number[]): void {
    sheet.columns = widths.map((width) => ({ width, style: COLUMN }));
  }

  /** The two title lines of a board table, merged across `width` columns. */
  addTitle(sheet: Sheet, widths: readonly number[], title: string, period: string): void {
    const span = widths.reduce((a, b) => a + b, 0);
    const titleRow = sheet.addRow([toCellText(title)]);
    titleRow.getCell(1).style = TITLE;
    titleRow.height = countLines(title, span, BOARD_TITLE_FONT) * 16 + 6;
    const periodRow = sheet.addRow([toCellText(`(${period})`)]);
    periodRow.getCell(1).style = PERIOD;
    periodRow.height = LINE_HEIGHT_PT + 6;
    const last = String.fromCharCode(64 + widths.length);
    // The streaming writer merges only rows not yet committed.
    sheet.mergeCells(`A1:${last}1`);
    sheet.mergeCells(`A2:${last}2`);
    titleRow.commit();
    periodRow.commit();
  }

  addHeader(sheet: Sheet, widths: readonly number[], labels: readonly string[]): void {
    const row = sheet.addRow(labels.map((label) => toCellText(label)));
    const style = HEADER[this.options.copy];
    for (let c = 1; c <= labels.length; c++) row.getCell(c).style = style;
    row.height = rowHeightFor(Math.max(...labels.map((l, i) => countLines(l, widths[i]!, { size: BODY_SIZE, isBold: true }))));
    row.commit();
  }

  /**
   * One table row, ruled, wrapping at the top, its height set from its longest cell. A text
   * needing more lines than a row holds goes on in rows beneath, each piece after the first
   * starting "(continued)". Returns the first row (for notes and fills), not yet committed.
   */
  addRow(sheet: Sheet, widths: readonly number[], values: readonly CellValue[], style: Style = BODY): ExcelJS.Row {
    const texts: string[] = new Array<string>(values.length);
    let mostLines = 1;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      const text = typeof value === 'number' ? String(value) : cleanCellText(value);
      texts[i] = text;
      const lines = countLines(text, widths[i]!);
      if (lines > mostLines) mostLines = lines;
    }
    if (mostLines <= MAX_LINES_PER_ROW) return this.writeRow(sheet, values, texts, mostLines, style);
    const pieces = texts.map((t, i) => (countLines(t, widths[i]!) <= MAX_LINES_PER_ROW ? [t] : splitIntoPieces(t, widths[i]!, MAX_LINES_PER_ROW - 1)));
    const count = Math.max(...pieces.map((p) => p.length));
    let first: ExcelJS.Row | null = null;
    for (let r = 0; r < count; r++) {
      const part = pieces.map((p, c) => (r === 0 ? (typeof values[c] === 'number' ? values[c]! : p[0]!) : p[r] ? `(continued) ${p[r]!}` : ''));
      const partTexts = part.map(String);
      const row = this.writeRow(sheet, part, partTexts, Math.max(...partTexts.map((t, i) => countLines(t, widths[i]!))), style);
      if (first === null) first = row;
      else row.commit();
    }
    return first!;
  }

  /** `texts` are the values already cleaned (cleanCellText), one per value. */
  private writeRow(sheet: Sheet, values: readonly CellValue[], texts: readonly string[], lines: number, style: Style): ExcelJS.Row {
    // Blank stays blank (no value), so Excel's Go To Blanks and our own reader see it as empty.
    const row = sheet.addRow(values.map((v, i) => (typeof v === 'number' ? v : toCellValue(texts[i]!))));
    (row as unknown as { style: Style }).style = NO_STYLE;
    for (let c = 1; c <= values.length; c++) row.getCell(c).style = style;
    row.height = rowHeightFor(lines);
    return row;
  }
}

/**
 * A text's cell value. Text with a line break goes in as one run of inline rich text
 * (t="inlineStr"): LibreOffice drops the line breaks of a plain t="str" value (the LAA refs
 * "SC7\nHC3" printed "SC7HC3"; SheetJS/sheetjs#108 reports the same), and shared strings
 * cost the 60,000-row master a second copy of all its text. The run has no font of its own,
 * so the cell's font applies. Never a formula either way. `clean` is already cleaned
 * (cleanCellText) and, split into rows, under Excel's limit.
 */
function toCellValue(clean: string): ExcelJS.CellValue {
  if (clean === '') return null;
  return clean.includes('\n') ? { richText: [{ text: clean }] } : clean;
}

function formatTime(iso: string | null): string {
  if (iso === null) return '';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function writeSummary(sheet: Sheet, model: MasterModel, writer: TableWriter): void {
  const outcomes = model.outcomes;
  const widths = [24, 42, 14, 12, ...outcomes.map(() => 14), 22, 12, 10];
  writer.setColumns(sheet, widths);
  const title = sheet.addRow([toCellText(`${model.partnership} district returns: master for the board (working copy)`)]);
  title.getCell(1).style = Object.freeze({ font: font(14, true) });
  title.height = 22;
  title.commit();
  const actions = outcomes.reduce((n, o) => n + o.rows.length, 0);
  const leftOut = writer.options.includeUnchanged ? 0 : model.unchanged.length;
  const facts: [string, CellValue][] = [
    ['Partnership', model.partnership],
    ['Period', `${model.period.label} (${model.period.id})`],
    ['Made', formatTime(model.madeAt)],
    ['Actions with an update', actions],
    ['Rows left out: outcome not recognised', model.unplacedRows],
    [
      'Updates unchanged since the previous period',
      model.previousPeriod === null
        ? 'not compared: no previous period'
        : `${model.unchanged.length} (${model.previousPeriod.label}); ${
            writer.options.includeUnchanged ? 'included in the board’s copy' : `${leftOut} left out of the board’s copy, listed below`
          }`,
    ],
  ];
  for (const [label, value] of facts) {
    const row = sheet.addRow([label, typeof value === 'number' ? value : toCellText(value)]);
    row.getCell(1).style = PLAIN_BOLD;
    row.getCell(2).style = PLAIN;
    row.height = rowHeightFor(Math.max(countLines(label, widths[0]!), countLines(String(value), widths[1]!)));
    row.commit();
  }
  sheet.addRow([]).commit();
  const header = [
    'District',
    'Council',
    'Rows',
    'Rows with an update',
    ...outcomes.map((o) => o.name),
    'Last sync',
    'Missing LAA refs',
    'Findings',
  ];
  writer.addHeader(sheet, widths, header);
  for (const district of model.districts) {
    const values: CellValue[] = [
      district.code,
      district.name,
      district.rows,
      district.rowsWithUpdate,
      ...outcomes.map((o) => district.updatesByOutcome[o.code] ?? 0),
      district.hasReturned ? formatTime(district.lastSync) || 'from a file' : 'no return',
      district.missingLaaRefs,
      district.findings,
    ];
    const row = writer.addRow(sheet, widths, values, district.hasReturned ? BODY : BODY_FILL.noReturn);
    if (district.missingLaaRefs > 0) {
      const cell = row.getCell(values.length - 1);
      cell.style = BODY_FILL.missingRef;
      cell.note = `${district.code}: ${district.missingLaaRefs} action(s) with no LAA ref; see the Findings sheet.`;
    }
    row.commit();
  }
  if (leftOut > 0) {
    sheet.addRow([]).commit();
    const heading = sheet.addRow([`Left out of the board’s copy: updates unchanged since ${model.previousPeriod!.label}`]);
    // Not wrapped, so the heading runs on across the empty cells beside it.
    heading.getCell(1).style = HEADING;
    heading.commit();
    // District | Outcome: action | the update as sent, across the wide columns' width.
    writer.addHeader(sheet, widths.slice(0, 3), ['District', 'Action', 'Same as']);
    for (const item of model.unchanged) {
      writer.addRow(sheet, widths.slice(0, 3), [item.district, `${item.outcome}: ${item.action}\n\n${item.update}`, item.previousPeriod]).commit();
    }
  }
  sheet.commit();
}

const OUTCOME_WIDTHS = [16, 30, 12, 50, 80] as const;

async function writeOutcome(sheet: Sheet, model: MasterModel, outcome: MasterOutcome, writer: TableWriter): Promise<void> {
  const widths = OUTCOME_WIDTHS;
  writer.setColumns(sheet, widths);
  writer.addTitle(sheet, widths, formatOutcomeTitle(model.partnership, outcome.label), model.period.label);
  writer.addHeader(sheet, widths, MASTER_HEADER);
  const showAll = writer.options.includeUnchanged || !writer.isBoard;
  let previousAim: string | null = null;
  let written = 0;
  for (const master of outcome.rows) {
    const updates = showAll ? master.updates : master.updates.filter((u) => u.unchangedSince === null);
    if (updates.length === 0) continue;
    // As in the original: Outcome and Aim on the first row of each aim, blank beneath.
    const aimKey = master.aimCode ?? master.aim;
    const isFirstOfAim = aimKey !== previousAim;
    previousAim = aimKey;
    const row = writer.addRow(sheet, widths, [
      isFirstOfAim ? master.outcome : '',
      isFirstOfAim ? master.aim : '',
      master.laaRefs.join('\n'),
      master.action,
      updates.map((u) => u.text).join('\n\n'),
    ]);
    if (!writer.isBoard) {
      markRefs(row.getCell(3), master);
      if (!writer.options.includeUnchanged) markUnchanged(row.getCell(5), updates);
    }
    row.commit();
    if (++written % YIELD_EVERY === 0) await yieldToZip();
  }
  if (written === 0) {
    writer.addRow(sheet, widths, ['', '', '', '', `No district reported new progress on ${outcome.label} this period.`]).commit();
  }
  sheet.commit();
}

function markRefs(cell: ExcelJS.Cell, master: MasterRow): void {
  const notes: string[] = [];
  if (master.missingRefDistricts.length > 0) {
    notes.push(`No LAA ref given by: ${master.missingRefDistricts.join(', ')}.`);
  }
  for (const unknown of master.unknownRefs) {
    const hint = unknown.suggestion ? ` Did you mean ${unknown.suggestion}?` : '';
    notes.push(`${unknown.ref} is not in the LAA catalogue (${unknown.districts.join(', ')}).${hint}`);
  }
  if (notes.length === 0) return;
  cell.style = master.missingRefDistricts.length > 0 ? BODY_FILL.missingRef : BODY_FILL.unknownRef;
  cell.note = toCellText(notes.join('\n'));
}

/** Working copy: an update the board's copy leaves out is shaded, with a note saying whose and why. */
function markUnchanged(cell: ExcelJS.Cell, updates: readonly DistrictUpdate[]): void {
  const unchanged = updates.filter((u) => u.unchangedSince !== null);
  if (unchanged.length === 0) return;
  cell.style = BODY_FILL.unchanged;
  cell.note = toCellText(
    `Left out of the board’s copy, unchanged since ${unchanged[0]!.unchangedSince!}: ${unchanged.map((u) => u.district).join(', ')}.`,
  );
}

const EXCEPTION_WIDTHS = [12, 16, 28, 12, 50, 72] as const;

function writeExceptions(sheet: Sheet, model: MasterModel, writer: TableWriter): void {
  const widths = EXCEPTION_WIDTHS;
  writer.setColumns(sheet, widths);
  writer.addTitle(sheet, widths, formatOutcomeTitle(model.partnership, 'Exceptions'), model.period.label);
  writer.addHeader(sheet, widths, ['Status', 'Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update']);
  if (model.exceptions.length === 0) {
    writer.addRow(sheet, widths, ['', '', '', '', '', 'No row is marked At risk or Exceptional this period.']).commit();
  }
  for (const exception of model.exceptions) {
    const row = writer.addRow(sheet, widths, [
      exception.status,
      exception.outcome,
      exception.aim,
      exception.laaRefs.join('\n'),
      exception.action,
      exception.update,
    ]);
    if (!writer.isBoard) row.getCell(1).style = exception.status === 'At risk' ? BODY_FILL.atRisk : BODY_FILL.exceptional;
    row.commit();
  }
  sheet.commit();
}

async function writeFindings(sheet: Sheet, model: MasterModel, writer: TableWriter): Promise<void> {
  const widths = [10, 22, 8, 22, 10, 90];
  writer.setColumns(sheet, widths);
  let written = 0;
  sheet.autoFilter = 'A1:F1';
  writer.addHeader(sheet, widths, ['District', 'Sheet', 'Cell', 'Rule', 'Severity', 'Message']);
  for (const finding of model.findings) {
    writer.addRow(sheet, widths, [finding.district, finding.sheet, finding.cell, finding.rule, finding.severity, finding.message]).commit();
    if (++written % YIELD_EVERY === 0) await yieldToZip();
  }
  sheet.commit();
}

async function writeAllUpdates(sheet: Sheet, model: MasterModel, writer: TableWriter): Promise<void> {
  const widths = [10, 22, 28, 12, 50, 70, 12];
  writer.setColumns(sheet, widths);
  let written = 0;
  sheet.autoFilter = 'A1:G1';
  writer.addHeader(sheet, widths, ['District', 'Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Status']);
  for (const update of model.updates) {
    writer
      .addRow(sheet, widths, [update.district, update.outcome, update.aim, update.laaRefs.join('\n'), update.action, update.update, update.status])
      .commit();
    if (++written % YIELD_EVERY === 0) await yieldToZip();
  }
  sheet.commit();
}
