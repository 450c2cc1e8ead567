/**
 * "My return" as LibreOffice (what many councils use) sees it: it opens and prints it, the
 * hidden Row ID column and the VeryHidden lists sheet do not print, a "=1+1" typed as an
 * update prints as typed (text, not a formula), and saved again by LibreOffice the workbook
 * keeps the dropdowns, their lists and the row ids, so the officer's upload still matches.
 */
import { execFile } from 'node:child_process';
import ExcelJS from 'exceljs';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CONFIG, type RowPayload } from '../../../shared';
import { writeMyReturn } from '../../../server/workbook/my-return';

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dr-my-return-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (action: string, update: string): RowPayload => ({ outcome: 'Stay safe', aim: 'S1', laaRefs: ['SC7'], action, update, status: null });
const ID = '5d1f0a3e-2b4c-4d6e-8f10-a1b2c3d4e5f6';

async function soffice(to: string, file: string, outdir: string): Promise<void> {
  await run('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outdir, file], { timeout: 90_000 });
}

test('LibreOffice prints my return as text and keeps its dropdowns and row ids when it saves it', async () => {
  const file = join(dir, 'HBBC-return-2008-03.xlsx');
  writeFileSync(
    file,
    await writeMyReturn({
      config: DEFAULT_CONFIG,
      district: { code: 'HBBC', name: 'Hinckley and Bosworth Borough Council' },
      period: { id: '2008-03', label: '20 March 2008' },
      rows: [{ id: ID, row: row('JAG meetings address anti-social behaviour', '=1+1') }],
      carriedFrom: null,
    }),
  );
  await soffice('pdf', file, dir);
  expect(readdirSync(dir)).toContain('HBBC-return-2008-03.pdf');
  const { stdout } = await run('pdftotext', ['-layout', join(dir, 'HBBC-return-2008-03.pdf'), '-']);
  const text = stdout.replace(/\s+/g, ' ');
  expect(text).toContain('Hinckley and Bosworth Borough Council: return to the Leicestershire partnership');
  expect(text).toContain('=1+1');
  expect(text).not.toContain(ID);
  expect(text).not.toContain('Enjoy and achieve');

  const saved = join(dir, 'saved');
  mkdirSync(saved);
  await soffice('xlsx', file, saved);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(join(saved, 'HBBC-return-2008-03.xlsx'));
  const sheet = workbook.getWorksheet('Return')!;
  expect(sheet.getCell('G5').value).toBe(ID);
  expect(sheet.getCell('E5').value).toBe('=1+1');
  expect(sheet.getCell('A6').dataValidation).toMatchObject({ type: 'list' });
  // LibreOffice has no VeryHidden: it saves the lists sheet as hidden, its lists intact.
  expect(workbook.getWorksheet('Lists')!.state).toBe('hidden');
  expect(workbook.getWorksheet('Lists')!.getCell('A2').value).toBe('Stay safe');
}, 180_000);
