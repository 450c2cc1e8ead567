/**
 * The officer's page in headless Chromium against the real service, driven by the keyboard
 * alone: sign in with the district key, download "my return", send it back unchanged (no
 * change), send it edited (the plan first: add, change, delete; stored only on confirming),
 * and see a conflict with an edit made through the add-in. District text is shown as text.
 * axe-core finds no WCAG 2.1 AA violation in any view; each view is screenshotted.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { StoredRow } from '../../shared';
import { docScreenshot, findAxeViolations } from '../support/axe';
import { expectText, launchBrowser } from '../support/browser';
import { pressOn, tabTo } from '../support/keyboard';
import { syncSeedReturn } from '../support/seed-returns';
import { startService, type TestService } from '../support/service';

const { buildWeb } = require('../../scripts/build-web.js') as { buildWeb: (outDir: string) => Promise<string> };

const HOSTILE = '<img src=x onerror=alert(1)>';
const SHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'dr-shots');
let dir: string;
let service: TestService;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let key: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dr-officer-'));
  const webDir = await buildWeb(join(dir, 'web'));
  service = await startService({ webDir });
  key = service.createKey('HDC');
  await syncSeedReturn(service.url, key, 'HDC');
  ({ browser, close: closeBrowser } = await launchBrowser());
}, 60_000);

afterAll(async () => {
  await closeBrowser?.();
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function expectAccessible(page: Page, view: string): Promise<void> {
  const violations = await findAxeViolations(page);
  expect({ view, violations }).toEqual({ view, violations: [] });
  await page.screenshot({ path: join(SHOTS, `officer-${view}.png`), fullPage: true });
}

async function rowsOnService(): Promise<StoredRow[]> {
  const response = await fetch(`${service.url}/api/v1/rows?period=2008-03`, { headers: { authorization: `Bearer ${key}` } });
  return ((await response.json()) as { rows: StoredRow[] }).rows;
}

async function chooseFile(page: Page, file: string): Promise<void> {
  // The file dialog is the operating system's; the input is reached by the keyboard all the same.
  await tabTo(page, 'Choose the return workbook (.xlsx)');
  await page.locator('#file').setInputFiles(file);
}

test('an officer downloads my return, sends it back unchanged and edited (plan, then confirm), and sees a conflict', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${service.url}/officer/`);
  await expectAccessible(page, 'sign-in');

  // The coordinator's key is sent to the coordinator's page instead.
  await tabTo(page, 'District key');
  await page.keyboard.type(service.createKey('coordinator'));
  await page.keyboard.press('Enter');
  await page.getByRole('alert').getByText("This page is for a district's key").waitFor();

  await tabTo(page, 'District key');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Harborough District Council (HDC)' }).waitFor();
  await tabTo(page, 'Period');
  await page.keyboard.press('ArrowUp');
  expect(await page.getByLabel('Period').inputValue()).toBe('2008-03');
  await expectAccessible(page, 'workspace');

  const [download] = await Promise.all([page.waitForEvent('download'), pressOn(page, 'Download my return')]);
  expect(download.suggestedFilename()).toBe('HDC-return-2008-03.xlsx');
  const mine = join(dir, 'mine.xlsx');
  await download.saveAs(mine);

  // Sent back unchanged: nothing to store.
  await chooseFile(page, mine);
  await page.getByRole('status').getByText(/^No change: \d+ row\(s\) are the same/).waitFor();
  expect(await page.locator('#findings').textContent()).not.toMatch(/Lists/);
  expect(await page.getByRole('button', { name: 'Send the return' }).isDisabled()).toBe(true);

  // Edited in Excel: one update changed, one row removed, one added with markup in it.
  const before = await rowsOnService();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(mine);
  const sheet = workbook.getWorksheet('Return')!;
  sheet.getCell('E5').value = 'Toolkit piloted in all districts.';
  const removed = String(sheet.getCell('D6').value);
  sheet.spliceRows(6, 1);
  const last = 5 + before.length - 1;
  ['Stay safe', 'S1', 'SC7', `Youth forum ${HOSTILE}`, 'First forum held.'].forEach((v, i) => {
    sheet.getRow(last).getCell(i + 1).value = v;
  });
  const edited = join(dir, 'edited.xlsx');
  await workbook.xlsx.writeFile(edited);

  await chooseFile(page, edited);
  await page.getByRole('heading', { name: 'Rows to add (1)' }).waitFor();
  await page.getByRole('heading', { name: 'Rows to change (1)' }).waitFor();
  await page.getByRole('heading', { name: 'Rows to delete (1)' }).waitFor();
  await page.locator('#plan').getByText(`: Youth forum ${HOSTILE}`).waitFor();
  expect(await page.locator('img').count()).toBe(0);
  await expectText(page.getByRole('status'), /1 to add, 1 to change, 1 to delete, 0 conflict\(s\)\. Nothing is stored yet\./);
  expect(await rowsOnService()).toEqual(before);
  await expectAccessible(page, 'plan');
  await docScreenshot(page, '#plan', 'officer-plan');

  await pressOn(page, /^Also delete the 1 row\(s\)/, 'Space');
  expect(await page.getByLabel(/^Also delete the 1 row/).isChecked()).toBe(true);
  await pressOn(page, 'Send the return');
  await page.getByRole('status').getByText('Stored: 1 added, 1 changed, 1 deleted').waitFor();
  const after = await rowsOnService();
  expect(after).toHaveLength(before.length);
  expect(after.map((r) => r.row.action)).not.toContain(removed);
  expect(after.find((r) => r.row.action === `Youth forum ${HOSTILE}`)).toBeDefined();
  await expectAccessible(page, 'stored');

  // Through the add-in, the changed row is edited again; the officer's older workbook changes it too.
  const target = after.find((r) => r.row.update === 'Toolkit piloted in all districts.')!;
  const synced = await fetch(`${service.url}/api/v1/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ period: '2008-03', batchId: 'addin-later-edit-1', changes: [{ id: target.id, baseVersion: target.version, row: { ...target.row, update: 'Edited in the add-in.' } }] }),
  });
  expect(synced.status).toBe(200);
  sheet.getCell('E5').value = 'Changed again in the old workbook.';
  const stale = join(dir, 'stale.xlsx');
  await workbook.xlsx.writeFile(stale);
  await chooseFile(page, stale);
  const conflicts = page.locator('#plan section.conflict');
  await conflicts.getByRole('heading', { name: 'Conflicts: rows not sent (1)' }).waitFor();
  await conflicts.getByText('On the service: Edited in the add-in.').waitFor();
  await expectAccessible(page, 'conflict');
  await docScreenshot(page, '#plan section.conflict', 'officer-conflict');
  expect((await rowsOnService()).find((r) => r.id === target.id)?.row.update).toBe('Edited in the add-in.');
  expect(dialogs).toEqual([]);
  await context.close();
}, 120_000);
