/**
 * District text is data, never markup, wherever it is shown. Hostile text goes in through the
 * API (sync), in every field a page shows (action, update, aim, an LAA ref, the sheet name),
 * then both browser pages read it from the service: the coordinator's page (status, findings,
 * updates of every district) and the task pane (rows carried over from the service into a new
 * period's sheet, and the findings that quote them). No dialog fires, no element is made from the text, no
 * script flag is set, and the text is on the page as typed.
 * (test/e2e/ has each page's own flows; this is the one path from the API to both pages.)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PERIOD, validRow } from '../support/hostile-corpus';
import { send } from '../support/hostile-http';
import { launchBrowser } from '../support/browser';
import { startService, type TestService } from '../support/service';
import type { ExcelStandIn } from '../support/excel-stand-in';
import { bundleStandIn } from '../support/excel-stand-in-page';

const { buildWeb } = require('../../scripts/build-web.js') as {
  buildWeb: (outDir: string, options?: { officeJs?: 'cdn' | 'package' }) => Promise<string>;
};

declare global {
  var excelStandIn: ExcelStandIn;
  var pwned: number | undefined;
}

const IMG = '<img src=x onerror=alert(1)>';
const PAYLOADS = [IMG, '<svg onload="globalThis.pwned=1">', '"><script>globalThis.pwned=2</script>', "<a href='javascript:alert(3)'>x</a>"];

let dir: string;
let service: TestService;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let hbbcKey: string;

async function watch(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** Nothing the district typed became an element or ran. */
async function expectInert(page: Page, dialogs: string[]): Promise<void> {
  // The pages' own icons are allowed; an element made from the payloads is not.
  expect(await page.locator('img[src="x"], svg[onload], iframe, object, embed').count()).toBe(0);
  expect(await page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length)).toBe(0);
  expect(await page.evaluate(() => [...document.scripts].filter((s) => s.textContent?.includes('pwned')).length)).toBe(0);
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(await page.evaluate(() => globalThis.pwned)).toBeUndefined();
  // An onerror handler fires after the image fails to load: give it the chance to.
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dr-markup-'));
  // Office.js from the package copy: Microsoft's CDN is out of reach here.
  service = await startService({ webDir: await buildWeb(join(dir, 'web'), { officeJs: 'package' }) });
  hbbcKey = service.createKey('HBBC');
  const changes = [
    // Action and update carry markup; no LAA ref (a finding the coordinator's page lists).
    { id: randomUUID(), baseVersion: 0, row: { ...validRow(), action: `Outreach ${IMG}`, update: `Ran ${PAYLOADS.join(' ')}`, laaRefs: [], sheet: '<b>Return</b>' } },
    // An unknown LAA ref and an aim made of markup: findings that quote the district's text.
    { id: randomUUID(), baseVersion: 0, row: { ...validRow(), action: 'Second action', aim: IMG, laaRefs: [IMG], update: PAYLOADS[1] as string } },
  ];
  const answer = await send(service.url, '/api/v1/sync', {
    method: 'POST',
    key: hbbcKey,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ period: PERIOD, batchId: 'markup-seed-0001', changes }),
  });
  expect(answer.status).toBe(200);
  ({ browser, close: closeBrowser } = await launchBrowser());
}, 90_000);

afterAll(async () => {
  await closeBrowser?.();
  await service?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the coordinator's page shows every district's markup as text", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs = await watch(page);
  await page.goto(`${service.url}/`);
  await page.getByLabel('Coordinator key').fill(service.createKey('coordinator'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Period', { exact: true }).waitFor();
  await page.getByLabel('Period', { exact: true }).selectOption(PERIOD);
  await page.getByText(/HBBC: \d+ finding/).click();
  const details = page.locator('#district-HBBC');
  await details.getByText(`Ran ${PAYLOADS.join(' ')}`, { exact: false }).first().waitFor();
  const text = (await details.textContent()) ?? '';
  for (const payload of PAYLOADS) expect(text).toContain(payload);
  await expectInert(page, dialogs);
  await context.close();
}, 60_000);


test("the task pane shows rows carried over from the service, and its findings quoting them, as text", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
  await context.addInitScript({ content: await bundleStandIn() });
  const page = await context.newPage();
  const dialogs = await watch(page);
  await page.goto(`${service.url}/taskpane/index.html`);
  await page.locator('#connect').waitFor({ state: 'visible' });
  await page.fill('#district-key', hbbcKey);
  await page.click('#connect-form button[type=submit]');
  await page.locator('#work').waitFor({ state: 'visible' });
  // Starting the next period carries the district's actions over from the service's rows.
  await page.click('#start-return');
  const started = page.getByText(/Started "[^"]+" with 2 actions carried over/);
  await started.waitFor();
  const sheet = (/Started "([^"]+)"/.exec((await started.textContent()) ?? '') as RegExpExecArray)[1] as string;
  const cells = (await page.evaluate((name) => globalThis.excelStandIn.values(name), sheet)).flat().map(String);
  expect(cells).toContain(`Outreach ${IMG}`);
  expect(cells).toContain(IMG);
  await page.getByText(`"${IMG}" is not an aim of Stay safe`).waitFor();
  await expectInert(page, dialogs);
  await context.close();
}, 90_000);
