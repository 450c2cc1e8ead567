/**
 * LibreOffice must open the master: it is what many councils (and the board's clerk) use,
 * and it is stricter than exceljs about what it reads. The PDF it prints must carry the
 * board's title and the merged updates.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CONFIG } from '../../../shared';
import { mergeReturns } from '../../../shared/merge';
import { renderMasterWorkbook } from '../../../server/workbook/write-master';
import { buildSeedReturns } from '../../support/seed-returns';

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dr-soffice-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('LibreOffice converts the master to PDF with the board’s tables in it', async () => {
  const returns = buildSeedReturns('2008-03-19T16:30:00.000Z');
  returns[1]!.rows = [...returns[1]!.rows, { ...returns[1]!.rows[4]!, action: 'Injected', update: '=1+1' }];
  const model = mergeReturns({ period: '2008-03', districts: returns, now: new Date('2008-03-20T09:00:00Z') }, DEFAULT_CONFIG);
  const file = join(dir, 'master.xlsx');
  writeFileSync(file, await renderMasterWorkbook(model));
  await run(
    'soffice',
    [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, file],
    { timeout: 90_000 },
  );
  expect(readdirSync(dir)).toContain('master.pdf');
  const { stdout } = await run('pdftotext', ['-layout', join(dir, 'master.pdf'), '-'], { maxBuffer: 20 * 1024 * 1024 });
  const text = stdout.replace(/\s+/g, ' ');
  expect(text).toContain("CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE");
  expect(text).toContain('(20 March 2008)');
  expect(text).toContain('LSA Awards Programme (NWLDC).');
  // A formula would print as 2; the text prints as typed.
  expect(text).toContain('=1+1 (HBBC)');
}, 120_000);
