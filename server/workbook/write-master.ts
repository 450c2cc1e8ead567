/**
 * The master workbook for the board, written with exceljs's streaming writer so a 60,000-row
 * master never holds a whole workbook model in memory.
 * Sheets, in order:
 * - Summary: partnership, period, when made; districts × outcomes coverage (rows with an
 *   update), last sync, missing LAA refs and findings per district;
 * - one sheet per outcome in board order, laid out as the board reads it (seed 001): title,
 *   "(period label)", then Outcome | Aim | LAA Ref | Actions | District Update; Outcome and
 *   Aim are written on the first row of each aim and left blank beneath, as in the original;
 *   an LAA Ref cell that a district left blank is amber with a note naming who, a ref outside
 *   the catalogue is blue with the nearest entry in the note;
 * - Exceptions (At risk, Exceptional), Findings, All updates (flat, filterable).
 * Only two small title ranges per outcome sheet are merged: merges slow exceljs badly at scale.
 * Every string goes through toCellText; no cell is ever given a formula.
 */
import ExcelJS from 'exceljs';
import { PassThrough, type Writable } from 'node:stream';
import type { MasterModel, MasterOutcome, MasterRow } from '../../shared/merge';
import { cleanSheetName, toCellText } from './safe-text';

type Sheet = ExcelJS.Worksheet;
type CellValue = string | number;

export const MASTER_HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'] as const;

export const FILL = {
  header: 'FFD9D9D9',
  missingRef: 'FFFFC000',
  unknownRef: 'FF9BC2E6',
  atRisk: 'FFF8CBAD',
  exceptional: 'FFC6EFCE',
  noReturn: 'FFF2F2F2',
} as const;

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });
const WRAP_TOP: Partial<ExcelJS.Style> = { alignment: { wrapText: true, vertical: 'top' } };

/**
 * Style objects shared by every cell that looks the same. exceljs gives each new cell a fresh
 * copy of its column's style and then renders and hashes that copy to find its style id; a
 * shared object is looked up once (exceljs remembers ids by object), which at 700,000 cells is
 * a third of the writing time. Never mutate these: give a cell another shared object instead.
 */
const cellStyle = (fill?: string): Partial<ExcelJS.Style> =>
  Object.freeze(fill ? { alignment: WRAP_TOP.alignment, fill: solid(fill) } : { alignment: WRAP_TOP.alignment });
const BODY = cellStyle();
/** Rows carry no style of their own; one shared empty object spares exceljs a lookup per row. */
const NO_STYLE: Partial<ExcelJS.Style> = Object.freeze({});
const BODY_FILL = {
  missingRef: cellStyle(FILL.missingRef),
  unknownRef: cellStyle(FILL.unknownRef),
  atRisk: cellStyle(FILL.atRisk),
  exceptional: cellStyle(FILL.exceptional),
} as const;
const HEADER = Object.freeze<Partial<ExcelJS.Style>>({
  font: { bold: true },
  fill: solid(FILL.header),
  border: THIN,
  alignment: { wrapText: true, vertical: 'middle' },
});
const LANDSCAPE: Partial<ExcelJS.PageSetup> = {
  orientation: 'landscape',
  paperSize: 9,
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  // Printed grid lines draw the table; per-cell borders cost time on every cell at scale.
  showGridLines: true,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
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

/** "Leicestershire-district-returns-2008-03.xlsx": safe in a Content-Disposition header. */
export function formatMasterFileName(partnership: string, period: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'master';
  return `${safe(partnership)}-district-returns-${safe(period)}.xlsx`;
}

export async function writeMasterWorkbook(model: MasterModel, output: Writable): Promise<void> {
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
  workbook.creator = 'District Returns';
  workbook.created = new Date(model.madeAt);
  const names = new Set<string>();
  const add = (name: string, options: Partial<ExcelJS.AddWorksheetOptions> = {}) =>
    workbook.addWorksheet(cleanSheetName(name, names), options);

  writeSummary(add('Summary', { pageSetup: LANDSCAPE }), model);
  for (const outcome of model.outcomes) await writeOutcome(add(outcome.name, outcomeSheetOptions()), model, outcome);
  writeExceptions(add('Exceptions', tableSheetOptions()), model);
  await writeFindings(add('Findings', tableSheetOptions()), model);
  await writeAllUpdates(add('All updates', tableSheetOptions()), model);
  await workbook.commit();
}

/** The workbook as bytes, for a download or a file. */
export async function renderMasterWorkbook(model: MasterModel): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await writeMasterWorkbook(model, sink);
  await ended;
  return Buffer.concat(chunks);
}

function outcomeSheetOptions(): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 3, topLeftCell: 'A4', activeCell: 'A4' }],
    pageSetup: { ...LANDSCAPE, printTitlesRow: '3:3' },
  };
}

function tableSheetOptions(): Partial<ExcelJS.AddWorksheetOptions> {
  return {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { ...LANDSCAPE, printTitlesRow: '1:1' },
  };
}

function addTextRow(sheet: Sheet, values: readonly CellValue[]): ExcelJS.Row {
  // Blank stays blank (no cell), so Excel's Go To Blanks and our own reader see it as empty.
  return sheet.addRow(values.map((v) => (typeof v === 'number' ? v : toCellText(v) || null)));
}

/** A table row: every cell written wraps at the top, sharing one style object. */
function addBodyRow(sheet: Sheet, values: readonly CellValue[]): ExcelJS.Row {
  const row = addTextRow(sheet, values);
  (row as unknown as { style: Partial<ExcelJS.Style> }).style = NO_STYLE;
  for (let c = 1; c <= values.length; c++) row.getCell(c).style = BODY;
  return row;
}

function addHeader(sheet: Sheet, labels: readonly string[]): void {
  const row = addTextRow(sheet, labels);
  row.font = { bold: true };
  for (let c = 1; c <= labels.length; c++) row.getCell(c).style = HEADER;
  row.commit();
}

function formatTime(iso: string | null): string {
  if (iso === null) return '';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function writeSummary(sheet: Sheet, model: MasterModel): void {
  const outcomes = model.outcomes;
  sheet.columns = [
    { width: 12 },
    { width: 42 },
    { width: 10 },
    { width: 12 },
    ...outcomes.map(() => ({ width: 14 })),
    { width: 20 },
    { width: 12 },
    { width: 10 },
  ].map((c) => ({ ...c, style: WRAP_TOP }));
  const title = addTextRow(sheet, [`${model.partnership} district returns: master for the board`]);
  title.font = { bold: true, size: 14 };
  title.commit();
  const actions = outcomes.reduce((n, o) => n + o.rows.length, 0);
  const facts: [string, CellValue][] = [
    ['Partnership', model.partnership],
    ['Period', `${model.period.label} (${model.period.id})`],
    ['Made', formatTime(model.madeAt)],
    ['Actions with an update', actions],
    ['Rows left out: outcome not recognised', model.unplacedRows],
  ];
  for (const fact of facts) {
    const row = addTextRow(sheet, fact);
    row.getCell(1).font = { bold: true };
    row.commit();
  }
  addTextRow(sheet, []).commit();
  addHeader(sheet, [
    'District',
    'Council',
    'Rows',
    'Rows with an update',
    ...outcomes.map((o) => o.name),
    'Last sync',
    'Missing LAA refs',
    'Findings',
  ]);
  for (const district of model.districts) {
    const row = addTextRow(sheet, [
      district.code,
      district.name,
      district.rows,
      district.rowsWithUpdate,
      ...outcomes.map((o) => district.updatesByOutcome[o.code] ?? 0),
      district.hasReturned ? formatTime(district.lastSync) || 'from a file' : 'no return',
      district.missingLaaRefs,
      district.findings,
    ]);
    const width = 7 + outcomes.length;
    for (let c = 1; c <= width; c++) row.getCell(c).border = THIN;
    if (!district.hasReturned) {
      for (let c = 1; c <= width; c++) row.getCell(c).fill = solid(FILL.noReturn);
    }
    if (district.missingLaaRefs > 0) {
      const cell = row.getCell(width - 1);
      cell.fill = solid(FILL.missingRef);
      cell.note = `${district.code}: ${district.missingLaaRefs} action(s) with no LAA ref; see the Findings sheet.`;
    }
    row.commit();
  }
  sheet.commit();
}

async function writeOutcome(sheet: Sheet, model: MasterModel, outcome: MasterOutcome): Promise<void> {
  sheet.columns = [{ width: 16 }, { width: 30 }, { width: 12 }, { width: 55 }, { width: 80 }].map((c) => ({
    ...c,
    style: WRAP_TOP,
  }));
  const title = addTextRow(sheet, [formatOutcomeTitle(model.partnership, outcome.name)]);
  title.font = { bold: true, size: 12 };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  title.height = 32;
  const period = addTextRow(sheet, [`(${model.period.label})`]);
  period.alignment = { horizontal: 'center' };
  // The streaming writer merges only rows not yet committed.
  sheet.mergeCells('A1:E1');
  sheet.mergeCells('A2:E2');
  title.commit();
  period.commit();
  addHeader(sheet, MASTER_HEADER);
  let previousAim: string | null = null;
  let written = 0;
  if (outcome.rows.length === 0) {
    addBodyRow(sheet, ['', '', '', '', `No district reported new progress on ${outcome.name} this period.`]).commit();
  }
  for (const master of outcome.rows) {
    // As in the original: Outcome and Aim on the first row of each aim, blank beneath.
    const aimKey = master.aimCode ?? master.aim;
    const isFirstOfAim = aimKey !== previousAim;
    previousAim = aimKey;
    const row = addBodyRow(sheet, [
      isFirstOfAim ? master.outcome : '',
      isFirstOfAim ? master.aim : '',
      master.laaRefs.join('\n'),
      master.action,
      master.updates.map((u) => u.text).join('\n\n'),
    ]);
    markRefs(row.getCell(3), master);
    row.commit();
    if (++written % YIELD_EVERY === 0) await yieldToZip();
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

function writeExceptions(sheet: Sheet, model: MasterModel): void {
  sheet.columns = [{ width: 12 }, { width: 10 }, { width: 22 }, { width: 28 }, { width: 50 }, { width: 70 }].map((c) => ({
    ...c,
    style: WRAP_TOP,
  }));
  sheet.autoFilter = 'A1:F1';
  addHeader(sheet, ['Status', 'District', 'Outcome', 'Aim', 'Actions', 'District Update']);
  if (model.exceptions.length === 0) {
    addBodyRow(sheet, ['', '', '', '', 'No row is marked At risk or Exceptional this period.']).commit();
  }
  for (const exception of model.exceptions) {
    const row = addBodyRow(sheet, [
      exception.status,
      exception.district,
      exception.outcome,
      exception.aim,
      exception.action,
      exception.update,
    ]);
    row.getCell(1).style = exception.status === 'At risk' ? BODY_FILL.atRisk : BODY_FILL.exceptional;
    row.commit();
  }
  sheet.commit();
}

async function writeFindings(sheet: Sheet, model: MasterModel): Promise<void> {
  sheet.columns = [{ width: 10 }, { width: 22 }, { width: 8 }, { width: 22 }, { width: 10 }, { width: 90 }].map((c) => ({
    ...c,
    style: WRAP_TOP,
  }));
  let written = 0;
  sheet.autoFilter = 'A1:F1';
  addHeader(sheet, ['District', 'Sheet', 'Cell', 'Rule', 'Severity', 'Message']);
  for (const finding of model.findings) {
    addBodyRow(sheet, [finding.district, finding.sheet, finding.cell, finding.rule, finding.severity, finding.message]).commit();
    if (++written % YIELD_EVERY === 0) await yieldToZip();
  }
  sheet.commit();
}

async function writeAllUpdates(sheet: Sheet, model: MasterModel): Promise<void> {
  sheet.columns = [{ width: 10 }, { width: 22 }, { width: 28 }, { width: 12 }, { width: 50 }, { width: 70 }, { width: 12 }].map(
    (c) => ({ ...c, style: WRAP_TOP }),
  );
  let written = 0;
  sheet.autoFilter = 'A1:G1';
  addHeader(sheet, ['District', 'Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Status']);
  for (const update of model.updates) {
    addBodyRow(sheet, [
      update.district,
      update.outcome,
      update.aim,
      update.laaRefs.join('\n'),
      update.action,
      update.update,
      update.status,
    ]).commit();
    if (++written % YIELD_EVERY === 0) await yieldToZip();
  }
  sheet.commit();
}
