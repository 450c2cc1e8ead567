/**
 * `district-returns merge --period`: each district's file is checked against the codes in use in
 * the period merged, so the master's Findings sheet flags an NI ref in a 2007-10 return
 * (in use from April 2008 in the default catalogue) and not in a 2008-08 one.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../server/cli/index';
import { makeReturnWorkbook } from '../../support/make-workbook';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dr-merge-period-'));
  writeFileSync(join(dir, 'HDC.xlsx'), await makeReturnWorkbook([{ outcome: 'Stay safe', aim: 'S1', laaRef: 'NI 50', action: 'School nurse drop-ins', update: 'Drop-ins in four schools.' }]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function findingsTextFor(period: string): Promise<string> {
  const output = join(dir, `master-${period}.xlsx`);
  let stderr = '';
  const code = await main(['merge', '--period', period, '-o', output, `HDC=${join(dir, 'HDC.xlsx')}`], { stdout: () => {}, stderr: (t) => (stderr += t) });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(output);
  const lines: string[] = [];
  workbook.getWorksheet('Findings')?.eachRow((row) => lines.push(row.values.toString()));
  return lines.join('\n');
}

test("the master's findings check each district's LAA refs against the period merged", async () => {
  expect(await findingsTextFor('2007-10')).toMatch(/NI 50 is not in use in .*2007-10/);
  expect(await findingsTextFor('2008-08')).not.toMatch(/NI 50 is not in use/);
});
