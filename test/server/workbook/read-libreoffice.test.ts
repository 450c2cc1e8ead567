/**
 * A return saved by LibreOffice Calc, really: a flat OpenDocument spreadsheet (written by hand
 * in test/fixtures/libreoffice, so what it holds is plain to read) converted to .xlsx by
 * `soffice --headless --convert-to xlsx`, then read by the package reader. LibreOffice writes
 * its own shape of package (every row with hidden="false", "keep contents of covered cells",
 * number formats of its own), which is what this checks the reader against.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readSheetsInProcess } from '../../../server/workbook/read-sheets';

const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dr-lo-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function convertWithLibreOffice(fixture: string): Promise<Buffer> {
  const source = join(dir, fixture);
  copyFileSync(join(__dirname, '..', '..', 'fixtures', 'libreoffice', fixture), source);
  await run('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', dir, source], { timeout: 90_000 });
  return readFileSync(source.replace(/\.fods$/, '.xlsx'));
}

test('a return saved by LibreOffice reads as Calc showed it: merges, a hidden row and sheet, a date, a percentage, a link', async () => {
  const { sheets, findings } = await readSheetsInProcess(await convertWithLibreOffice('merged-hidden-formatted.fods'));
  expect(findings).toEqual([]);
  expect(sheets.map((s) => [s.name, s.visibility])).toEqual([
    ['Return', undefined],
    ['Oct 07 (old)', 'Hidden'],
  ]);
  const grid = sheets[0]!;
  expect(grid.values[1]).toEqual(['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Reviewed', 'Done']);
  expect(grid.values[2]).toEqual(['Stay safe', 'S4', 'SC7\nHC3', 'YOT Impact Team (https://example.org/yot)', 'Links developed', '14/07/2008', '45%']);
  // LibreOffice keeps a covered cell's old content; the merge tells the grid to ignore it.
  expect(grid.values[3]?.[2]).toBe('old leftover');
  expect(grid.merges).toEqual([{ top: 2, left: 2, bottom: 3, right: 2 }]);
  expect(grid.hiddenRows).toEqual([4]);
  expect(grid.hiddenColumns).toBeUndefined();
}, 120_000);
