/**
 * `district-returns merge --previous`: with the districts' returns for the period before, the
 * offline master leaves an update repeated from them out of the board's copy, as the service's
 * master does, and keeps it with --include-unchanged.
 */
import ExcelJS from 'exceljs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../server/cli/index';
import { makeReturnWorkbook } from '../../support/make-workbook';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dr-merge-previous-'));
  mkdirSync(join(dir, 'march'));
  mkdirSync(join(dir, 'august'));
  writeFileSync(
    join(dir, 'march', 'HBBC.xlsx'),
    await makeReturnWorkbook([{ outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'JAG meetings address anti-social behaviour', update: 'JAG meets monthly.' }]),
  );
  writeFileSync(
    join(dir, 'august', 'HBBC.xlsx'),
    await makeReturnWorkbook([
      { outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'JAG meetings address anti-social behaviour', update: 'JAG meets monthly.' },
      { outcome: 'Stay safe', aim: 'S1', laaRef: 'SC7', action: 'Youth forum', update: 'First forum held in July.' },
    ]),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function boardText(...extra: string[]): Promise<{ code: number; stderr: string; text: string }> {
  const output = join(dir, `board-${extra.length}.xlsx`);
  let stderr = '';
  const code = await main(['merge', '--period', '2008-08', '--copy', 'board', '-o', output, ...extra, join(dir, 'august')], { stdout: () => {}, stderr: (t) => (stderr += t) });
  if (code !== 0) return { code, stderr, text: '' };
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(output);
  const lines: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => lines.push(String(row.values))));
  return { code, stderr, text: lines.join('\n') };
}

test("an update repeated from the period before is left out of the board's copy, and kept with --include-unchanged", async () => {
  const without = await boardText();
  expect(without.text).toContain('JAG meets monthly (HBBC).');
  const left = await boardText('--previous', join(dir, 'march'));
  expect(left.stderr).toBe('');
  expect(left.text).not.toContain('JAG meets monthly');
  expect(left.text).toContain('First forum held in July (HBBC).');
  const kept = await boardText('--previous', join(dir, 'march'), '--include-unchanged');
  expect(kept.text).toContain('JAG meets monthly (HBBC).');
});

test('--previous for the first period, or a file that cannot be read, is refused with one line and nothing written', async () => {
  let stderr = '';
  const first = await main(['merge', '--period', '2007-10', '-o', join(dir, 'x.xlsx'), '--previous', join(dir, 'march'), join(dir, 'august')], { stdout: () => {}, stderr: (t) => (stderr += t) });
  expect(first).toBe(2);
  expect(stderr).toMatch(/--previous: 2007-10 is the configuration's first period/);
  const missing = await boardText('--previous', join(dir, 'nowhere.xlsx'));
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/^district-returns merge: --previous .*nowhere\.xlsx: /);
});
