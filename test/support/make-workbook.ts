/**
 * A return workbook as an officer would upload it: a title, the date line, then the grid
 * (Outcome | Aim | LAA Ref | Actions | District Update [| Status]). Built with exceljs in the
 * test itself so the upload tests need no binary fixtures.
 */
import ExcelJS from 'exceljs';

export interface WorkbookRow {
  outcome: string;
  aim?: string;
  laaRef?: string;
  action: string;
  update?: string;
  status?: string;
}

export async function makeReturnWorkbook(rows: readonly WorkbookRow[], options: { sheet?: string; title?: string } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheet ?? 'Return');
  sheet.addRow([options.title ?? "LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT"]);
  sheet.addRow(['(20 March 2008)']);
  sheet.addRow([]);
  const hasStatus = rows.some((r) => r.status !== undefined);
  sheet.addRow(['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', ...(hasStatus ? ['Status'] : [])]);
  for (const row of rows) {
    sheet.addRow([row.outcome, row.aim ?? '', row.laaRef ?? '', row.action, row.update ?? '', ...(hasStatus ? [row.status ?? ''] : [])]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `count` distinct, valid action rows spread over the five outcomes. */
export function manyRows(count: number, update = 'Progress reported this period.'): WorkbookRow[] {
  const outcomes = [
    ['Be healthy', 'H1', 'HC3'],
    ['Stay safe', 'S1', 'SC7'],
    ['Enjoy and achieve', 'A2', 'CYP1'],
    ['Make a positive contribution', 'C2', 'CYP8'],
    ['Achieve economic well-being', 'E4', 'CG4.2'],
  ] as const;
  return Array.from({ length: count }, (_, i) => {
    const [outcome, aim, laaRef] = outcomes[i % outcomes.length] as (typeof outcomes)[number];
    return { outcome, aim, laaRef, action: `Action number ${i + 1}: deliver the agreed activity with partners`, update: `${update} (${i + 1})` };
  });
}

/** A workbook with text but no return grid (no header row). */
export async function makeNotesWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Notes');
  sheet.addRow(['APPENDIX']);
  sheet.addRow(['Minutes of the Districts\' Implementation Group, 20 March 2008']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
