/**
 * A District Update that is a link keeps its address visible all the way to the board's copy
 * (issue 11, item 6), as text: never a live link or a formula in the master.
 */
import ExcelJS from 'exceljs';
import { DEFAULT_CONFIG } from '../../../shared';
import { withLinkAddress } from '../../../shared/grid/link-text';
import { mergeReturns } from '../../../shared/merge';
import { readReturnWorkbook } from '../../../server/workbook/read-workbook';
import { renderMasterWorkbook } from '../../../server/workbook/write-master';

async function returnWithLinks(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Return');
  sheet.addRow(['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update']);
  sheet.addRow(['Stay Safe', 'S2', 'SC7', { text: 'Diversionary activities', hyperlink: 'https://example.org/action' }, { text: 'Our plan', hyperlink: 'https://example.org/plan' }]);
  sheet.addRow(['Stay Safe', 'S2', 'CYP7', 'Work towards equality standards', { formula: 'HYPERLINK("https://example.org/level-3","Level 3 report")', result: 'Level 3 report' }]);
  sheet.addRow(['Stay Safe', 'S2', 'CYP7', 'Mail the forum', { text: 'the forum', hyperlink: 'mailto:forum@example.org' }]);
  sheet.addRow(['Stay Safe', 'S2', 'CYP7', 'Within the workbook', { text: 'see below', hyperlink: '#Return!A1' }]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

test('a linked cell reads "text (address)"; a mail address without "mailto:"; an in-workbook link adds nothing', async () => {
  const checked = await readReturnWorkbook(await returnWithLinks(), DEFAULT_CONFIG);
  expect(checked.rows.map((r) => [r.action, r.update])).toEqual([
    ['Diversionary activities (https://example.org/action)', 'Our plan (https://example.org/plan)'],
    ['Work towards equality standards', 'Level 3 report (https://example.org/level-3)'],
    ['Mail the forum', 'the forum (forum@example.org)'],
    ['Within the workbook', 'see below'],
  ]);
});

test('the board’s copy prints the address as text, with no link or formula in any cell', async () => {
  const checked = await readReturnWorkbook(await returnWithLinks(), DEFAULT_CONFIG);
  const model = mergeReturns({ period: '2008-03', districts: [{ district: 'HBBC', rows: checked.rows, lastSync: null }], now: new Date() }, DEFAULT_CONFIG);
  const master = new ExcelJS.Workbook();
  await master.xlsx.load((await renderMasterWorkbook(model, { copy: 'board', includeUnchanged: false })) as unknown as ExcelJS.Buffer);
  const sheet = master.getWorksheet('Stay safe')!;
  const updates: string[] = [];
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      expect(cell.type === ExcelJS.ValueType.Hyperlink || cell.type === ExcelJS.ValueType.Formula).toBe(false);
      if (Number(cell.col) === 5) updates.push(cell.text);
    }),
  );
  expect(updates).toContain('Our plan (https://example.org/plan) (HBBC)');
});

test('an address the text already shows is not repeated', () => {
  expect(withLinkAddress('See https://example.org/plan', 'https://example.org/plan/')).toBe('See https://example.org/plan');
  expect(withLinkAddress('', 'https://example.org/plan')).toBe('https://example.org/plan');
  expect(withLinkAddress('Plan', 'javascript:alert(1)')).toBe('Plan');
});
