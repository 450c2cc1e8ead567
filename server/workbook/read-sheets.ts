/**
 * An .xlsx as plain text grids, in this process. Use readReturnWorkbook (read-workbook.ts),
 * which runs this in a worker with memory and time limits; this file is what runs inside.
 *
 * Each cell becomes the text an officer sees: rich text joined, a formula's cached result
 * (never the formula), a hyperlink's text, a date as an ISO date, an error as empty plus a
 * finding. Merged cells are read once (the first cell; the rest read as blank, which the grid
 * reader carries down). exceljs is told to skip the parts that can be made to explode when
 * loaded (data validations and merge ranges are expanded cell by cell) and to stop at a row
 * and column count.
 */
import ExcelJS from 'exceljs';
import {
  AppError,
  ErrorKind,
  MAX_GRID_COLUMNS,
  MAX_GRID_ROWS,
  cellAddress,
  checkReturn,
  makeFinding,
  type CheckedReturn,
  type Finding,
  type PartnershipConfig,
  type SheetInput,
} from '../../shared';
import { inspectZip } from './zip-guard';

const IGNORED_NODES = [
  'dataValidations',
  'mergeCells',
  'conditionalFormatting',
  'dimension',
  'drawing',
  'picture',
  'legacyDrawing',
  'tableParts',
  'extLst',
  'rowBreaks',
  'colBreaks',
  'headerFooter',
  'autoFilter',
];
/** Rows of the file XML read at most: a return's rows and its titles and spacers. */
export const MAX_XML_ROWS = MAX_GRID_ROWS + 1000;
/** A cell's text is cut here; far past Excel's own 32,767 so the too-long rule still sees it. */
export const MAX_READ_CELL = 100_000;

interface Plain {
  text: string;
  error?: string;
}

/** Any exceljs cell value as plain text. */
export function toPlain(value: unknown, depth = 0): Plain {
  if (value === null || value === undefined || depth > 4) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? String(value) : '' };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10) };
  if (typeof value !== 'object') return { text: '' };
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) {
    return { text: v.richText.map((run) => (run && typeof run === 'object' && typeof run.text === 'string' ? run.text : '')).join('') };
  }
  if (typeof v.error === 'string') return { text: '', error: v.error };
  if ('formula' in v || 'sharedFormula' in v) return toPlain(v.result, depth + 1);
  if ('hyperlink' in v || 'text' in v) return toPlain(v.text, depth + 1);
  return { text: '' };
}

export async function readSheetsInProcess(data: Uint8Array): Promise<{ sheets: SheetInput[]; findings: Finding[] }> {
  inspectZip(data);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.length) as unknown as ExcelJS.Buffer, {
      ignoreNodes: IGNORED_NODES,
      maxRows: MAX_XML_ROWS,
      maxCols: MAX_GRID_COLUMNS * 10,
    } as unknown as Partial<ExcelJS.XlsxReadOptions>);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/^Max .*exceeded/.test(message)) {
      throw new AppError(ErrorKind.tooLarge, 'too-many-rows', `The workbook has more rows or columns than a return can (${MAX_GRID_ROWS} rows).`);
    }
    throw new AppError(ErrorKind.unreadableWorkbook, 'damaged', 'The workbook is damaged and cannot be read. Save it again from Excel.');
  }
  const sheets: SheetInput[] = [];
  const findings: Finding[] = [];
  workbook.eachSheet((worksheet) => {
    const values: string[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (rowNumber > MAX_GRID_ROWS + 1) return;
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        if (column > MAX_GRID_COLUMNS) return;
        const plain = toPlain(cell.value);
        if (plain.error) {
          findings.push(makeFinding('cell-error', { sheet: worksheet.name, cell: cellAddress(column - 1, rowNumber) }, { error: plain.error }));
        }
        cells[column - 1] = plain.text.length > MAX_READ_CELL ? plain.text.slice(0, MAX_READ_CELL) : plain.text;
      });
      values[rowNumber - 1] = cells;
    });
    sheets.push({ name: worksheet.name, values });
  });
  if (sheets.length === 0) {
    throw new AppError(ErrorKind.unreadableWorkbook, 'no-sheets', 'The workbook has no worksheets.');
  }
  return { sheets, findings };
}

/** Reads and checks a return in this process (the worker's job). */
export async function readReturnInProcess(data: Uint8Array, config: PartnershipConfig): Promise<CheckedReturn> {
  const { sheets, findings } = await readSheetsInProcess(data);
  const checked = checkReturn(sheets, config, findings);
  if (checked.sheetsWithGrid.length === 0) {
    throw new AppError(
      ErrorKind.unreadableWorkbook,
      'no-grid',
      checked.noGrid ?? 'No return grid found: no sheet has a header row with Actions and two of Outcome, Aim, LAA Ref and District Update.',
    );
  }
  return checked;
}
