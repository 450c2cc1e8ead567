/**
 * The coordinator's page in headless Chromium against the real service: sign in with the
 * coordinator key, see a district's findings (its text shown as text, never as markup), and
 * download the master workbook.
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
import { startService, type TestService } from '../support/service';
import { syncSeedReturn } from '../support/seed-returns';

const { buildWeb } = require('../../scripts/build-web.js') as { buildWeb: (outDir: string) => Promise<string> };

const HOSTILE = '<img src=x onerror=alert(1)>';
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();
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
  expect(await page.getByLabel('Period', { exact: true }).inputValue()).toBe('2008-08');
  await page.getByLabel('Period', { exact: true }).selectOption('2008-03');
  await page.getByRole('status').getByText('2 of 7 districts have sent a return for 20 March 2008').waitFor();

  const hbbcRow = page.getByRole('row', { name: /^HBBC Hinckley/ });
  await expectText(hbbcRow.getByRole('cell').nth(1), '18');
  await expectText(hbbcRow.getByRole('cell').nth(5), '3');
  await expectText(page.getByRole('row', { name: /^BDC Blaby/ }).getByRole('cell').nth(3), 'No return yet');

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

async function expectAccessible(page: Page, view: string): Promise<void> {
  const violations = await findAxeViolations(page);
  expect({ view, violations }).toEqual({ view, violations: [] });
  await page.screenshot({ path: join(SHOTS, `coordinator-${view}.png`), fullPage: true });
}

async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await tabTo(page, label);
  await page.keyboard.type(text);
}

test('the coordinator runs the round by keyboard: opens a period, sees who is late, adds and retires a ref, creates and revokes a key, reads a row\'s history', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const hbbc = service.createKey('HBBC');
  // A later edit through the add-in, for the history.
  const rows = (await (await fetch(`${service.url}/api/v1/rows?period=2008-03`, { headers: { authorization: `Bearer ${hbbc}` } })).json()) as { rows: StoredRow[] };
  const edited = rows.rows.find((r) => r.row.action.startsWith('Work with the PCT'))!;
  const synced = await fetch(`${service.url}/api/v1/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hbbc}`, 'content-type': 'application/json' },
    body: JSON.stringify({ period: '2008-03', batchId: 'history-edit-0001', changes: [{ id: edited.id, baseVersion: edited.version, row: { ...edited.row, update: `Cultural Services ${HOSTILE} and the PCT linked in (HBBC).` } }] }),
  });
  expect(synced.status).toBe(200);

  await page.goto(`${service.url}/`);
  await expectAccessible(page, 'sign-in');
  await typeInto(page, 'Coordinator key', service.createKey('coordinator'));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Leicestershire partnership' }).waitFor();
  await page.getByRole('status').first().getByText(/districts have sent a return/).waitFor();
  await expectAccessible(page, 'status');

  // Open a period with a deadline that has passed.
  await pressOn(page, 'Periods');
  await typeInto(page, 'Period (YYYY-MM)', '2008-12');
  await typeInto(page, 'Label', 'December 2008');
  await typeInto(page, 'Deadline (YYYY-MM-DD)', '2008-12-19');
  await page.keyboard.press('Enter');
  await page.getByText('Period 2008-12 is open').waitFor();
  await expectAccessible(page, 'periods');
  const hdc = service.createKey('HDC');
  const late = await fetch(`${service.url}/api/v1/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hdc}`, 'content-type': 'application/json' },
    body: JSON.stringify({ period: '2008-12', batchId: 'late-return-0001', changes: [{ id: '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b', baseVersion: 0, row: { outcome: 'Stay safe', action: 'JAG meetings', update: 'Monthly.', laaRefs: ['SC7'] } }] }),
  });
  expect(late.status).toBe(200);
  await tabTo(page, 'Period');
  await page.keyboard.press('End');
  expect(await page.getByLabel('Period', { exact: true }).inputValue()).toBe('2008-12');

  await pressOn(page, 'Who is late');
  await page.getByText('Returns for December 2008 are due on 2008-12-19.').waitFor();
  const lateTable = page.locator('#late');
  await expectText(lateTable.getByRole('row', { name: /^HDC Harborough/ }).getByRole('cell').nth(1), 'Sent late');
  await expectText(lateTable.getByRole('row', { name: /^BDC Blaby/ }).getByRole('cell').nth(1), 'Late: nothing sent');
  await expectAccessible(page, 'late');
  await docScreenshot(page, '#view-late', 'coordinator-late');

  await pressOn(page, 'LAA catalogue');
  await typeInto(page, 'New LAA ref', 'CYP9');
  await typeInto(page, 'Its title', 'A local indicator the partnership added');
  await page.keyboard.press('Enter');
  await page.locator('#refs').getByRole('row', { name: /^CYP9 A local indicator/ }).waitFor();
  await typeInto(page, 'LAA ref to retire', 'SC7');
  await tabTo(page, 'Retire the ref');
  await page.keyboard.press('Enter');
  await page.getByText('SC7 is retired from 2008-12.').waitFor();
  await expectText(page.locator('#refs').getByRole('row', { name: /^SC7 / }).getByRole('cell').nth(2), '2008-12');
  await expectAccessible(page, 'catalogue');

  await pressOn(page, 'Keys');
  await tabTo(page, 'New key for');
  await page.keyboard.type('M');
  expect(await page.getByLabel('New key for').inputValue()).toBe('MBC');
  await pressOn(page, 'Create the key');
  await page.locator('#new-key-text').getByText(/^dr_/).waitFor();
  const shown = await page.locator('#new-key-text').textContent();
  expect(shown).toMatch(/^dr_[0-9a-f]{12}_/);
  const me = (key: string) => fetch(`${service.url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
  expect((await me(shown!)).status).toBe(200);
  const id = shown!.split('_')[1]!;
  await expectAccessible(page, 'keys');
  await docScreenshot(page, '#view-keys', 'coordinator-keys');
  await pressOn(page, `Revoke key ${id} (MBC)`);
  await page.getByText(`Key ${id} revoked`).waitFor();
  expect((await me(shown!)).status).toBe(401);

  // A row's history: back to March 2008, HBBC's rows.
  await tabTo(page, 'Period');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  expect(await page.getByLabel('Period', { exact: true }).inputValue()).toBe('2008-03');
  await pressOn(page, "Districts' rows");
  await tabTo(page, 'District');
  await page.keyboard.type('HB');
  expect(await page.getByLabel('District', { exact: true }).inputValue()).toBe('HBBC');
  await pressOn(page, 'Show rows');
  await page.locator('#rows-out').getByText(`Cultural Services ${HOSTILE} and the PCT linked in (HBBC).`).waitFor();
  await pressOn(page, /^History of the row "Work with the PCT/);
  const history = page.locator('#history');
  await history.getByText(/^Version 2: changed by HBBC \(key [0-9a-f]{12}, the add-in\)/).waitFor();
  expect(await history.locator('ins').allTextContents()).toContain('and the PCT ');
  expect(await page.locator('img').count()).toBe(0);
  await expectAccessible(page, 'history');
  await docScreenshot(page, '#history', 'coordinator-history');

  await pressOn(page, 'Exceptions');
  await page.locator('#exceptions-out').getByText(/At risk|Exceptional/).first().waitFor();
  await expectAccessible(page, 'exceptions');
  await pressOn(page, 'Board preview');
  await page.locator('#board-out').getByText(`Cultural Services ${HOSTILE} and the PCT linked in (HBBC).`, { exact: false }).first().waitFor();
  expect(await page.locator('img').count()).toBe(0);
  await expectAccessible(page, 'board');

  await pressOn(page, 'Changes log');
  await page.locator('#audit tbody tr').nth(4).waitFor();
  const actions = await page.locator('#audit tbody tr td:nth-child(3)').allTextContents();
  expect(actions).toEqual(['key.revoke', 'key.create', 'laa-ref.retire', 'laa-ref.add', 'period.open']);
  await expectAccessible(page, 'audit');
  expect(dialogs).toEqual([]);
  await context.close();
}, 120_000);
