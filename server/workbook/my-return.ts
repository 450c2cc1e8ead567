/**
 * "My return": the workbook the service makes for a district and period, for officers who work
 * in Excel without the add-in. One sheet, "Return", laid out as the returns are (title, the
 * period line, a blank row, then Outcome | Aim | LAA Ref | Actions | District Update | Status |
 * Row ID), so the upload reader finds the grid as in any officer's workbook.
 *
 * What Excel itself then checks, with no add-in:
 * - Outcome, Aim and Status are list data validations (OOXML §18.3.1.32 `dataValidation`,
 *   type="list") whose lists are ranges on a "Lists" sheet made VeryHidden (§18.3.1.99
 *   `sheet state="veryHidden"`: not even Unhide shows it), so the officer picks from the
 *   configuration's names; Excel warns on anything else;
 * - an action with no LAA ref turns the LAA Ref cell amber (a conditional format, §18.3.1.18,
 *   the same amber as the master's missing-ref fill);
 * - the Row ID column is hidden and holds each row's id, so an upload matches rows exactly.
 * Every cell the officer types in, and every cell with district text, has number format "@"
 * (Text), so Excel keeps what is typed as text and never turns "=..." into a formula; the
 * values themselves are only ever plain strings (see safe-text.ts).
 */
import ExcelJS from 'exceljs';
import { HEADER_LABELS, RowStatus, type PartnershipConfig, type RowPayload } from '../../shared';
import { cleanSheetName, toCellText } from './safe-text';

export interface MyReturnRow {
  /** The stored row's id; null for a row carried over from last period (not stored yet). */
  id: string | null;
  row: RowPayload;
}

export interface MyReturnInput {
  config: PartnershipConfig;
  district: { code: string; name: string };
  period: { id: string; label: string };
  rows: readonly MyReturnRow[];
  /** When the rows are last period's actions carried over, its label (said in the title). */
  carriedFrom: string | null;
}

/** Rows the officer can add below the district's own, covered by the lists and the amber check. */
export const SPARE_ROWS = 200;
export const HEADER_ROW = 4;
/** The VeryHidden sheet holding the dropdowns' lists (not a grid: the upload does not report it). */
export const LISTS_SHEET = 'Lists';
export const RETURN_COLUMNS = ['outcome', 'aim', 'laaRef', 'action', 'update', 'status', 'id'] as const;
const AMBER = 'FFFFC000';
const TEXT = '@';

/** The file name the download is offered under, e.g. `HBBC-return-2008-03.xlsx`. */
export function formatMyReturnFileName(district: string, period: string): string {
  return `${district.replace(/[^A-Za-z0-9]/g, '')}-return-${period}.xlsx`;
}

/** Writes the workbook to a buffer (a district's return is small: tens of kilobytes). */
export async function writeMyReturn(input: MyReturnInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'District Returns';
  const sheet = workbook.addWorksheet(cleanSheetName('Return', new Set()), { views: [{ state: 'frozen', ySplit: HEADER_ROW }] });
  const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });

  const outcomes = input.config.outcomes.map((o) => o.name);
  const aims = input.config.outcomes.flatMap((o) => o.aims.map((a) => a.code));
  const statuses = [...RowStatus.options];
  const listColumn = (column: string, values: readonly string[]) =>
    values.forEach((value, i) => {
      const cell = lists.getCell(`${column}${i + 1}`);
      cell.numFmt = TEXT;
      cell.value = toCellText(value);
    });
  listColumn('A', outcomes);
  listColumn('B', aims);
  listColumn('C', statuses);

  sheet.getCell('A1').value = toCellText(`${input.district.name}: return to the ${input.config.partnership.name} partnership`);
  sheet.getCell('A1').font = { bold: true, size: 13 };
  const carried = input.carriedFrom ? ` (actions carried over from ${input.carriedFrom}: add this period's updates)` : '';
  sheet.getCell('A2').value = toCellText(`(${input.period.label})${carried}`);
  const header = sheet.getRow(HEADER_ROW);
  RETURN_COLUMNS.forEach((field, i) => {
    const cell = header.getCell(i + 1);
    cell.value = HEADER_LABELS[field];
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
  });
  const widths = [22, 8, 12, 60, 60, 14, 38];
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  sheet.getColumn(RETURN_COLUMNS.length).hidden = true;

  const first = HEADER_ROW + 1;
  const last = first + input.rows.length + SPARE_ROWS - 1;
  for (let r = first; r <= last; r++) {
    const row = sheet.getRow(r);
    for (let c = 1; c <= RETURN_COLUMNS.length; c++) {
      const cell = row.getCell(c);
      cell.numFmt = TEXT;
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
  }
  input.rows.forEach(({ id, row }, i) => {
    const values = [row.outcome, row.aim, row.laaRefs.join('\n'), row.action, row.update, row.status ?? '', id ?? ''];
    const target = sheet.getRow(first + i);
    values.forEach((value, c) => {
      target.getCell(c + 1).value = toCellText(value);
    });
  });

  const range = (column: string) => `${column}${first}:${column}${last}`;
  const list = (formula: string, what: string): ExcelJS.DataValidation => ({
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: `Not a known ${what}`,
    error: `Pick the ${what} from the list.`,
  });
  // exceljs's dataValidations.add takes a range; it is not in its type declarations.
  const validations = (sheet as unknown as { dataValidations: { add(ref: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  validations.add(range('A'), list(`Lists!$A$1:$A$${outcomes.length}`, 'outcome'));
  validations.add(range('B'), list(`Lists!$B$1:$B$${aims.length}`, 'aim'));
  validations.add(range('F'), list(`Lists!$C$1:$C$${statuses.length}`, 'status'));
  sheet.addConditionalFormatting({
    ref: range('C'),
    rules: [
      {
        type: 'expression',
        priority: 1,
        // An action (column D) with no LAA ref (column C): the rule the add-in calls missing-laa-ref.
        formulae: [`AND(LEN(TRIM($D${first}))>0,LEN(TRIM($C${first}))=0)`],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: AMBER } } },
      },
    ],
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
