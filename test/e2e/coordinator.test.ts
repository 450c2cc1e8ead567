/**
 * The coordinator's page in headless Chromium against the real service: sign in with the
 * coordinator key, see a district's findings (its text shown as text, never as markup), and
 * download the master workbook.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startService, type TestService } from '../support/service';
import { syncSeedReturn } from '../support/seed-returns';

const { buildWeb } = require('../../scripts/build-web.js') as { buildWeb: (outDir: string) => Promise<string> };

const HOSTILE = '<img src=x onerror=alert(1)>';
let dir: string;
let service: TestService;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dr-coordinator-'));
  const webDir = await buildWeb(join(dir, 'web'));
  service = await startService({ webDir });
  await syncSeedReturn(service.url, service.createKey('HDC'), 'HDC');
  await syncSeedReturn(service.url, service.createKey('HBBC'), 'HBBC', (rows) =>
    rows.map((row) => (row.action.startsWith('Work with the PCT') ? { ...row, update: `Cultural Services ${HOSTILE} linked in (HBBC).` } : row)),
  );
  ({ browser, close: closeBrowser } = await launchBrowser());
}, 60_000);

afterAll(async () => {
  await closeBrowser?.();
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the coordinator signs in, sees a district’s findings as text and downloads the master', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${service.url}/`);

  // A district key is refused for the coordinator's status.
  await page.getByLabel('Coordinator key').fill(service.createKey('NWLDC'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').getByText("Only the coordinator's key").waitFor();

  await page.getByLabel('Coordinator key').fill(service.createKey('coordinator'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Leicestershire partnership' }).waitFor();
  expect(await page.getByLabel('Period').inputValue()).toBe('2008-08');
  await page.getByLabel('Period').selectOption('2008-03');
  await page.getByRole('status').getByText('2 of 7 districts have sent a return for 20 March 2008').waitFor();

  const hbbcRow = page.getByRole('row', { name: /^HBBC Hinckley/ });
  await expect(hbbcRow.getByRole('cell').nth(1).textContent()).resolves.toBe('18');
  await expect(hbbcRow.getByRole('cell').nth(5).textContent()).resolves.toBe('3');
  await expect(page.getByRole('row', { name: /^BDC Blaby/ }).getByRole('cell').nth(3).textContent()).resolves.toBe('No return yet');

  await page.getByText('HBBC: 3 finding(s), 3 missing LAA ref(s)').click();
  const details = page.locator('#district-HBBC');
  await details.getByText('has an action but no LAA reference').first().waitFor();
  await details.getByText(`Update: Cultural Services ${HOSTILE} linked in (HBBC).`).waitFor();
  expect(await page.locator('img').count()).toBe(0);
  await page.screenshot({ path: '/tmp/coordinator-page.png', fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download master workbook' }).click()]);
  expect(download.suggestedFilename()).toBe('Leicestershire-district-returns-2008-03.xlsx');
  const file = join(dir, 'master.xlsx');
  await download.saveAs(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const healthy = workbook.getWorksheet('Be healthy')!;
  expect(healthy.getCell('E6').value).toBe(`Cultural Services ${HOSTILE} linked in (HBBC).`);
  expect(dialogs).toEqual([]);
  await context.close();
}, 60_000);
