/**
 * An .xlsx as plain text grids, in this process. Use readReturnWorkbook (read-workbook.ts),
 * which guards the package and runs this in a worker with memory and time limits; this file is
 * what runs inside.
 *
 * The package is read by our own streaming reader over saxes (xlsx-package.ts, xlsx-sheet.ts),
 * not by exceljs: exceljs refuses valid packages other writers make (namespace prefixes, rows
 * and cells without `r`, strict Open XML, absolute targets), expands merges and validations
 * cell by cell (a hostile file turns that into billions of objects), and does not give what a
 * person sees (number formats, hidden sheets, rows and columns). Each sheet becomes a
 * SheetInput: the text of each cell as Excel displays it, its merges, its visibility and its
 * hidden rows and columns; the grid reader (shared/grid) decides what they mean.
 */
import { AppError, ErrorKind, checkReturn, type CheckedReturn, type Finding, type PartnershipConfig, type SheetInput } from '../../shared';
import { missingPart, openPackage, readNumberFormats, readPart, readRelationships, readSharedStrings, readWorkbookPart } from './xlsx-package';
import { newMergeBudget, readWorksheet } from './xlsx-sheet';
import { damagedPart } from './xlsx-xml';

export { MAX_READ_CELL, MAX_XML_ROWS } from './xlsx-sheet';

/**
 * Every worksheet of the package, in tab order, hidden ones included (with `visibility` set),
 * and the findings about cells met on the way (`cell-error`, `formula-no-value`). Chart and
 * dialog sheets hold no cells and are left out. Throws an AppError: the package is not a
 * workbook, damaged (a part missing or not XML), or past a bound (rows, merges).
 */
export async function readSheetsInProcess(data: Uint8Array): Promise<{ sheets: SheetInput[]; findings: Finding[] }> {
  const pkg = openPackage(data);
  const workbook = readWorkbookPart(pkg);
  const sharedStrings = readSharedStrings(pkg, workbook.sharedStringsPart);
  const formats = readNumberFormats(pkg, workbook.stylesPart, workbook.date1904);
  const budget = newMergeBudget();
  const sheets: SheetInput[] = [];
  const findings: Finding[] = [];
  for (const entry of workbook.sheets) {
    if (entry.part === undefined) {
      if (entry.kind === 'worksheet' || entry.kind === '') throw damagedPart(pkg.workbookPart, `names sheet "${entry.name.slice(0, 40)}" with no worksheet part behind it`);
      continue;
    }
    const bytes = readPart(pkg, entry.part);
    if (!bytes) throw missingPart(entry.name, entry.part);
    const sheet = readWorksheet({
      name: entry.name,
      partName: entry.part,
      bytes,
      sharedStrings,
      formats,
      relationships: readRelationships(pkg, entry.part),
      budget,
      findings,
    });
    if (entry.visibility !== 'Visible') sheet.visibility = entry.visibility;
    sheets.push(sheet);
  }
  if (sheets.length === 0) {
    throw new AppError(ErrorKind.unreadableWorkbook, 'no-sheets', 'The workbook has no worksheets.');
  }
  return { sheets, findings };
}

/**
 * Reads and checks a return in this process (the worker's job). `period` (a period id,
 * "2008-08") is the period the return is for; default the configuration's latest.
 */
export async function readReturnInProcess(data: Uint8Array, config: PartnershipConfig, period?: string): Promise<CheckedReturn> {
  const { sheets, findings } = await readSheetsInProcess(data);
  const checked = checkReturn(sheets, config, findings, { period });
  if (checked.sheetsWithGrid.length === 0) {
    throw new AppError(
      ErrorKind.unreadableWorkbook,
      'no-grid',
      checked.noGrid ?? 'No return grid found: no sheet has a header row with Actions and two of Outcome, Aim, LAA Ref and District Update.',
    );
  }
  return checked;
}
