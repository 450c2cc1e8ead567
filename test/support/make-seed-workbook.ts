/**
 * Writes the seed appendix into a real .xlsx the way an officer's sheet looks: a sheet per
 * outcome (or all on one sheet), titles merged across the table, and continuation rows'
 * Outcome and Aim cells merged with the row above, as in the original document.
 */
import ExcelJS from 'exceljs';
import { SEED_TABLES, oneSheetLines, tableLines } from './seed-appendix';

function addLines(sheet: ExcelJS.Worksheet, lines: string[][]): void {
  lines.forEach((line, index) => {
    const row = sheet.getRow(index + 1);
    line.forEach((value, column) => {
      if (value !== '') row.getCell(column + 1).value = value;
    });
  });
  // Merge each blank Outcome/Aim run into the filled cell above it, as the document did.
  const isActionLine = (line: string[]) => (line[3] ?? '') !== '' && line[3] !== 'Actions' && line[3] !== 'Action';
  for (const column of [0, 1]) {
    let top = -1;
    let end = -1;
    const flush = () => {
      if (top >= 0 && end > top) sheet.mergeCells(top + 1, column + 1, end + 1, column + 1);
      top = end = -1;
    };
    lines.forEach((line, r) => {
      if (!isActionLine(line)) return flush();
      if ((line[column] ?? '') !== '') {
        flush();
        top = end = r;
      } else if (top >= 0) end = r;
    });
    flush();
  }
}

export async function makeSeedWorkbook(layout: 'sheet-per-outcome' | 'one-sheet'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  if (layout === 'one-sheet') {
    addLines(workbook.addWorksheet('Appendix'), oneSheetLines());
  } else {
    for (const table of SEED_TABLES) addLines(workbook.addWorksheet(table.sheet), tableLines(table));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook from plain grids, one sheet each. */
export async function makeGridWorkbook(sheets: { name: string; lines: unknown[][] }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, lines } of sheets) {
    const sheet = workbook.addWorksheet(name);
    lines.forEach((line, index) => {
      const row = sheet.getRow(index + 1);
      line.forEach((value, column) => {
        if (value !== '' && value !== null && value !== undefined) row.getCell(column + 1).value = value as ExcelJS.CellValue;
      });
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
