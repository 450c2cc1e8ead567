/**
 * The pane's check of the sheet knows the period it syncs: an NI ref (in use from April 2008 in
 * the default catalogue) is out of its time in a 2007-10 return and accepted in a 2008-08 one,
 * and choosing another period counts at the next check.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_CONFIG } from '../../shared';
import { createSheetChecker } from '../../addin/check/sheet-checker';
import { createExcelWorkbook } from '../../addin/excel/excel-workbook';
import { ExcelStandIn } from '../support/excel-stand-in';

const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];

test("the sheet's LAA refs are checked against the period the pane syncs, and a new choice of period counts", async () => {
  const excel = new ExcelStandIn({ hasTriggerSource: true });
  excel.edit('Sheet1', 'A1', [HEADER, ['Stay safe', 'S1', 'NI 50', 'School nurse drop-ins', 'Drop-ins in four schools.']]);
  const workbook = createExcelWorkbook({ api: excel, hasTriggerSource: true, editModeDelayMs: 5 });
  let period = '2007-10';
  const checker = createSheetChecker({
    workbook,
    sheet: 'Sheet1',
    config: DEFAULT_CONFIG,
    newId: randomUUID,
    period: () => period,
    onChecked: () => {},
    onError: (error) => {
      throw error;
    },
  });

  const october2007 = await checker.checkNow();
  expect(october2007.findings).toEqual([
    expect.objectContaining({ rule: 'laa-ref-out-of-period', severity: 'warning', sheet: 'Sheet1', cell: 'C2', message: expect.stringContaining('NI 50 is not in use in') }),
  ]);

  period = '2008-08';
  const august2008 = await checker.checkNow();
  expect(august2008.findings).toEqual([]);
  expect(august2008.rows.map((row) => row.laaRefs)).toEqual([['NI 50']]);
  checker.stop();
});
