import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/cli/index';
import { SEED_DISTRICTS, writeSeedWorkbook } from '../support/seed-returns';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dr-merge-'));
  for (const district of SEED_DISTRICTS) writeFileSync(join(dir, `${district}.xlsx`), await writeSeedWorkbook(district));
  writeFileSync(join(dir, 'broken.xlsx'), 'this is not a workbook');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['merge', ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

test('merge makes the master from three return files, with the board’s tables', async () => {
  const output = join(dir, 'master.xlsx');
  const result = await run(['--period', '2008-03', '-o', output, ...SEED_DISTRICTS.map((d) => `${d}=${join(dir, `${d}.xlsx`)}`)]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/18 action\(s\) with updates from 3 district\(s\)/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(output);
  const sports = workbook.getWorksheet('Enjoy and achieve')!;
  expect(sports.getCell('E5').text).toBe('New Sports Awards evening established in Hinckley and Bosworth (HBBC).\n\nLSA Awards Programme (NWLDC).');
  const findings = workbook.getWorksheet('Findings')!;
  expect(findings.getCell('A2').value).toBe('HDC');
  expect(findings.getCell('B2').value).toBe('Stay Safe');
});

test('merge --copy board writes only the board’s tables; another copy name is one clear line and exit 2', async () => {
  const output = join(dir, 'board.xlsx');
  const sources = SEED_DISTRICTS.map((d) => `${d}=${join(dir, `${d}.xlsx`)}`);
  const result = await run(['--period', '2008-03', '--copy', 'board', '-o', output, ...sources]);
  expect(result.code).toBe(0);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(output);
  expect(workbook.worksheets.map((s) => s.name)).toEqual([
    'Be healthy',
    'Stay safe',
    'Enjoy and achieve',
    'Make a positive contribution',
    'Achieve economic well-being',
  ]);
  const wrong = await run(['--period', '2008-03', '--copy', 'draft', '-o', join(dir, 'draft.xlsx'), ...sources]);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toBe('district-returns merge: --copy is board or working, not "draft"\n');
  expect(existsSync(join(dir, 'draft.xlsx'))).toBe(false);
});

test('an unknown district code or an unreadable file is one clear line and exit 2, with nothing written', async () => {
  const output = join(dir, 'not-written.xlsx');
  const unknown = await run(['--period', '2008-03', '-o', output, `XYZ=${join(dir, 'HDC.xlsx')}`]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/^district-returns merge: unknown district code "XYZ"; Leicestershire's districts are BDC, CBC/);
  expect(unknown.stderr.trim().split('\n')).toHaveLength(1);

  const broken = await run(['--period', '2008-03', '-o', output, `HDC=${join(dir, 'HDC.xlsx')}`, `HBBC=${join(dir, 'broken.xlsx')}`]);
  expect(broken.code).toBe(2);
  expect(broken.stderr).toMatch(/^district-returns merge: HBBC=.*broken\.xlsx: /);
  expect(broken.stderr.trim().split('\n')).toHaveLength(1);

  const missing = await run(['--period', '2008-03', '-o', output, `HDC=${join(dir, 'nope.xlsx')}`]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/nope\.xlsx: no such file/);
  expect(existsSync(output)).toBe(false);

  const period = await run(['--period', '2031-01', '-o', output, `HDC=${join(dir, 'HDC.xlsx')}`]);
  expect(period.code).toBe(2);
  expect(period.stderr).toMatch(/unknown period "2031-01"/);
});
