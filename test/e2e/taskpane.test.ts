/**
 * The real task pane, served by the real service, in headless Chromium, with the scripted
 * stand-in for Excel's object model injected before Office.js and the pane's bundle load
 * (Excel itself cannot run here). It checks what an officer would notice: the mark on a row
 * without an LAA ref and its finding, the mark going when fixed, the row arriving on the
 * service, two edits made while the service is down delivered once after it restarts,
 * district text shown as text, the rows held back named on the sync line, "Start a return"
 * offering the district's rows already on the service, and a plain message in a webview too
 * old for the pane. Office.js comes from the package copy (the build's offline flag): the CDN
 * is out of reach here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_CONFIG, RowsResponse, type StoredRow } from '../../shared';
import { createKey } from '../../server/auth/keys';
import { createLogger } from '../../server/logger';
import { startServer, type RunningService } from '../../server/main';
import { MARK_STYLE } from '../../addin/check/marks';
import { launchBrowser } from '../support/browser';
import type { ExcelStandIn } from '../support/excel-stand-in';
import { bundleStandIn } from '../support/excel-stand-in-page';

const { buildWeb } = require('../../scripts/build-web.js') as {
  buildWeb: (dir: string, options?: { officeJs?: 'cdn' | 'package' }) => Promise<string>;
};

declare global {
  // Set by the injected stand-in script, read by page.evaluate below.
  var excelStandIn: ExcelStandIn;
}

const PERIOD = DEFAULT_CONFIG.periods.at(-1)!.id;
const PREVIOUS_PERIOD = DEFAULT_CONFIG.periods.at(-2)!;
const SHEET = `Return ${PERIOD}`;
const RED = MARK_STYLE.error.fill;

jest.setTimeout(120_000);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}


describe('the task pane in Chromium against the service', () => {
  let webDir: string;
  let dataDir: string;
  let port: number;
  let service: RunningService | null = null;
  let key: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];

  const start = async () => {
    service = await startServer({
      port,
      host: '127.0.0.1',
      isHttp: true,
      dataDir,
      config: DEFAULT_CONFIG,
      webDir,
      logger: createLogger({ level: 'silent' }),
      drainMs: 1000,
    });
  };
  const url = () => `http://127.0.0.1:${port}`;

  async function getRows(): Promise<StoredRow[]> {
    const response = await fetch(`${url()}/api/v1/rows?period=${PERIOD}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return RowsResponse.parse(await response.json()).rows;
  }

  async function getHistory(id: string): Promise<unknown[]> {
    const response = await fetch(`${url()}/api/v1/rows/${id}/history?period=${PERIOD}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { history: unknown[] }).history;
  }

  async function waitForRows(test: (rows: StoredRow[]) => boolean, timeoutMs = 30_000): Promise<StoredRow[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const rows = await getRows();
      if (test(rows)) return rows;
      if (Date.now() > until) throw new Error(`rows never matched: ${JSON.stringify(rows.map((r) => [r.row.action, r.row.update, r.version]))}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const edit = (address: string, values: string[][]) =>
    page.evaluate(([sheet, at, cells]) => globalThis.excelStandIn.edit(sheet as string, at as string, cells as string[][]), [SHEET, address, values] as const);
  const shownFill = (address: string) => page.evaluate(([sheet, at]) => globalThis.excelStandIn.shownFill(sheet, at), [SHEET, address] as const);

  beforeAll(async () => {
    webDir = await buildWeb(mkdtempSync(join(tmpdir(), 'dr-web-')), { officeJs: 'package' });
    dataDir = mkdtempSync(join(tmpdir(), 'dr-e2e-'));
    port = await freePort();
    await start();
    key = createKey(service!.store, 'HBBC', DEFAULT_CONFIG).key;
    ({ browser, close: closeBrowser } = await launchBrowser());
    const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
    await context.addInitScript({ content: await bundleStandIn() });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await closeBrowser?.();
    await service?.close();
    rmSync(webDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the pane, its icons and Office.js without a key, and the pane loads Office.js', async () => {
    for (const path of ['/taskpane/index.html', '/assets/icon-32.png', '/office-js/office.js']) {
      const response = await fetch(`${url()}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    await page.goto(`${url()}/taskpane/index.html`);
    expect(await page.evaluate(() => typeof (globalThis as { Office?: { onReady?: unknown } }).Office?.onReady)).toBe('function');
  });

  it('connects with a district key and starts a return', async () => {
    await page.goto(`${url()}/taskpane/index.html`);
    await page.locator('#connect').waitFor({ state: 'visible' });
    expect(await page.inputValue('#service-url')).toBe(url());
    await page.fill('#district-key', 'not-a-key');
    await page.click('#connect-form button[type=submit]');
    await page.getByText('This key is not valid').waitFor();
    await page.fill('#district-key', key);
    await page.click('#connect-form button[type=submit]');
    await page.locator('#work').waitFor({ state: 'visible' });
    expect(await page.textContent('#connected-to')).toContain('Leicestershire');

    await page.click('#start-return');
    await page.getByText(`Started "${SHEET}"`).waitFor();
    // An empty grid is not "ready".
    await page.getByText('No actions on this sheet yet').waitFor();
    expect(await page.textContent('#findings-empty')).not.toContain('ready');
    const header = await page.evaluate((sheet) => globalThis.excelStandIn.values(sheet)[2], SHEET);
    expect(header).toEqual(['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Row ID', 'Checks']);
  });

  it('marks and lists a row without an LAA ref, and clicking the finding selects its cell', async () => {
    await edit('A4', [['Stay safe', 'S1', '', 'Run a domestic violence awareness campaign', 'Campaign ran in March']]);
    const finding = page.locator('[data-rule="missing-laa-ref"] .finding');
    await finding.waitFor();
    expect(await finding.textContent()).toContain('C4');
    expect(await finding.textContent()).toContain('Row 4 has an action but no LAA reference');
    expect(await shownFill('C4')).toBe(RED);
    await finding.click();
    await page.waitForFunction(() => globalThis.excelStandIn.selection?.address === 'C4');
  });

  it('takes the mark away when the ref is typed, and the row reaches the service', async () => {
    await edit('C4', [['SC7']]);
    await page.locator('[data-rule="missing-laa-ref"]').waitFor({ state: 'detached' });
    expect(await shownFill('C4')).toBeNull();
    await page.getByText('No findings: this return is ready.').waitFor();

    await page.click('#sync-now');
    await page.getByText('No changes waiting').waitFor();
    const rows = await waitForRows((r) => r.some((row) => row.row.laaRefs.includes('SC7')));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).toMatchObject({ outcome: 'Stay safe', action: 'Run a domestic violence awareness campaign', laaRefs: ['SC7'] });
  });

  it('keeps two edits made while the service is down and delivers them once after it restarts', async () => {
    const [before] = await getRows();
    const historyBefore = await getHistory(before!.id);
    expect(historyBefore).toHaveLength(before!.version);

    await service!.close();
    service = null;
    await edit('E4', [['Campaign ran in March; 300 leaflets handed out']]);
    await edit('A5', [['Stay safe', 'S2', 'SC3.1', 'Fit smoke alarms in family homes', 'Fire service visited 40 homes']]);
    await page.getByText('2 changes waiting').waitFor();
    await page.getByText('offline').waitFor({ timeout: 15_000 });

    await start();
    const rows = await waitForRows((r) => r.length === 2 && r.some((row) => row.row.update.includes('300 leaflets')));
    const edited = rows.find((r) => r.id === before!.id)!;
    const added = rows.find((r) => r.id !== before!.id)!;
    expect(edited.version).toBe(before!.version + 1);
    expect(added.version).toBe(1);
    expect(added.row.action).toBe('Fit smoke alarms in family homes');
    expect(await getHistory(edited.id)).toHaveLength(before!.version + 1);
    expect(await getHistory(added.id)).toHaveLength(1);
    await page.getByText('No changes waiting').waitFor();

    // Nothing more arrives later: the retries did not double anything.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await getRows()).map((r) => r.version).sort()).toEqual([1, before!.version + 1].sort());
  });

  it('shows district text as text, never as markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    await edit('A6', [[hostile, 'S1', 'SC7', 'An action', hostile]]);
    const finding = page.locator('[data-rule="unknown-outcome"] .finding');
    await finding.waitFor();
    expect(await finding.textContent()).toContain(`"${hostile}" is not an Every Child Matters outcome`);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('main img').length)).toBe(0);
    expect(dialogs).toEqual([]);
    // The row is held back, the sync line says which and why, and it is not green.
    await page.getByText('held back: row 6 (no known outcome)', { exact: false }).waitFor();
    expect(await page.getAttribute('#sync-state', 'class')).toContain('is-held');
    await page.screenshot({ path: '/tmp/district-returns-taskpane.png', fullPage: true });
    // Office.js outside Office tries to frame Microsoft's telemetry page; the policy refuses it,
    // and nothing the pane needs (its scripts, styles, Office.js itself) was refused.
    expect(cspViolations.filter((v) => !v.includes('telemetryservice.firstpartyapps.oaspapps.com'))).toEqual([]);
  });
  it("warns of an update repeated from the previous period, which the board's copy leaves out, until it is reworded", async () => {
    // Another district, in a pane of its own, with a return for the period before.
    const owbc = createKey(service!.store, 'OWBC', DEFAULT_CONFIG).key;
    const sent = await fetch(`${url()}/api/v1/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owbc}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        period: PREVIOUS_PERIOD.id,
        batchId: 'owbc-previous-0001',
        changes: [{ id: '6f1c2b7e-3d4a-4b5c-9d8e-0a1b2c3d4e5f', baseVersion: 0, row: { outcome: 'Stay safe', aim: 'S2', laaRefs: ['SC3.1'], action: 'Fit smoke alarms in family homes', update: 'Fire service visited 40 homes.' } }],
      }),
    });
    expect(sent.status).toBe(200);
    const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
    await context.addInitScript({ content: await bundleStandIn() });
    const pane = await context.newPage();
    try {
      await pane.goto(`${url()}/taskpane/index.html`);
      await pane.fill('#district-key', owbc);
      await pane.click('#connect-form button[type=submit]');
      await pane.locator('#work').waitFor({ state: 'visible' });
      await pane.click('#start-return');
      await pane.getByText('with 1 actions carried over').waitFor();
      const values = await pane.evaluate((sheet) => globalThis.excelStandIn.values(sheet), SHEET);
      const row = values.findIndex((cells) => cells[3] === 'Fit smoke alarms in family homes') + 1;
      expect(row).toBeGreaterThan(3);
      // The officer types last period's update again (without its full stop).
      const type = (update: string) =>
        pane.evaluate(([sheet, at, text]) => globalThis.excelStandIn.edit(sheet, at, [[text]]), [SHEET, `E${row}`, update] as const);
      await type('Fire service visited 40 homes');
      const finding = pane.locator('[data-rule="update-unchanged"] .finding');
      await finding.waitFor();
      expect(await finding.textContent()).toContain(`E${row}`);
      expect(await finding.textContent()).toContain(`the same as OWBC's update on this action for ${PREVIOUS_PERIOD.label}`);
      await type('Fire service visited 40 homes; 12 more visits booked');
      await finding.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });

  it('offers to load the rows the service already has when a return is started again', async () => {
    await page.reload();
    await page.locator('#work').waitFor({ state: 'visible' });
    await page.click('#start-return');
    const offer = page.locator('#start-offer');
    await offer.waitFor({ state: 'visible' });
    expect(await page.textContent('#start-offer-text')).toContain('already has 2 rows');
    await page.click('#offer-load');
    await page.getByText('Loaded 2 rows from the service').waitFor();
    expect(await page.evaluate(() => globalThis.excelStandIn.sheetNames())).toContain(`My return ${PERIOD}`);
  });

  it('tells an officer whose Office runs Internet Explorer to upload on the web page instead', async () => {
    const context = await browser.newContext({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko' });
    const old = await context.newPage();
    await old.goto(`${url()}/taskpane/index.html`);
    const message = old.locator('#host-message');
    await message.waitFor({ state: 'visible' });
    expect(await message.textContent()).toBe('This version of Office is too old for the add-in: upload your return on the web page instead.');
    expect(await old.locator('#connect').isVisible()).toBe(false);
    await context.close();
  });
  it('warns that unsent changes live only in the pane where browser storage is blocked, and still works', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
    await context.addInitScript({ content: await bundleStandIn() });
    // Storage blocked as a browser blocks it for a third-party frame: any access throws.
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    const blocked = await context.newPage();
    await blocked.goto(`${url()}/taskpane/index.html`);
    const warning = blocked.locator('#storage-warning');
    await warning.waitFor({ state: 'visible' });
    expect(await warning.textContent()).toContain('live only while this pane is open');
    await blocked.fill('#district-key', key);
    await blocked.click('#connect-form button[type=submit]');
    await blocked.locator('#work').waitFor({ state: 'visible' });
    await context.close();
  });
  it('sends the outbox at once, with the warning, when browser storage fails while the pane is open', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
    await context.addInitScript({ content: await bundleStandIn() });
    // Storage that fills up (or is purged) mid-session: writes throw once the test says so.
    await context.addInitScript(() => {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (this: Storage, name: string, value: string) {
        if ((globalThis as { isStorageFull?: boolean }).isStorageFull) throw new DOMException('quota', 'QuotaExceededError');
        setItem.call(this, name, value);
      };
    });
    const full = await context.newPage();
    await full.goto(`${url()}/taskpane/index.html`);
    await full.fill('#district-key', key);
    await full.click('#connect-form button[type=submit]');
    await full.locator('#work').waitFor({ state: 'visible' });
    await full.evaluate(() => {
      globalThis.excelStandIn.edit('Sheet1', 'A1', [['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update']]);
    });
    await full.click('#use-sheet');
    await full.getByText('Checking "Sheet1"').waitFor();
    expect(await full.locator('#storage-warning').isVisible()).toBe(false);
    await full.evaluate(() => {
      (globalThis as { isStorageFull?: boolean }).isStorageFull = true;
      globalThis.excelStandIn.edit('Sheet1', 'A2', [['Stay safe', 'S1', 'SC7', 'Storage full action', 'Sent at once']]);
    });
    await full.locator('#storage-warning').waitFor({ state: 'visible' });
    await waitForRows((rows) => rows.some((row) => row.row.action === 'Storage full action'), 15_000);
    await context.close();
  });
  it('runs in a webview without the ES2018+ built-ins (EdgeHTML, older Safari)', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
    await context.addInitScript({ content: await bundleStandIn() });
    await context.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.standIn = w.excelStandIn;
      for (const [owner, name] of [
        [Array.prototype, 'flat'],
        [Array.prototype, 'flatMap'],
        [Object, 'fromEntries'],
        [String.prototype, 'matchAll'],
        [String.prototype, 'trimStart'],
        [String.prototype, 'trimEnd'],
        [window, 'BigInt'],
      ] as const) {
        delete (owner as unknown as Record<string, unknown>)[name];
      }
      delete (crypto as unknown as Record<string, unknown>).randomUUID;
      delete (Crypto.prototype as unknown as Record<string, unknown>).randomUUID;
      delete (window as unknown as Record<string, unknown>).globalThis;
      // No regular-expression lookbehind either (ES2018): such a pattern throws where it is built.
      const Native = RegExp;
      function Limited(pattern: string | RegExp, flags?: string): RegExp {
        const source = pattern instanceof Native ? pattern.source : String(pattern);
        if (/\(\?<[=!]/.test(source)) throw new SyntaxError('Invalid regular expression: invalid group specifier name');
        return new Native(pattern, flags);
      }
      Limited.prototype = Native.prototype;
      (window as unknown as { RegExp: unknown }).RegExp = Limited;
    });
    const old = await context.newPage();
    const errors: string[] = [];
    old.on('pageerror', (error) => errors.push(error.message));
    await old.goto(`${url()}/taskpane/index.html`);
    await old.fill('#district-key', key);
    await old.click('#connect-form button[type=submit]');
    await old.locator('#work').waitFor({ state: 'visible' });
    await old.evaluate(() => {
      const standIn = (window as unknown as { standIn: ExcelStandIn }).standIn;
      standIn.edit('Sheet1', 'A1', [['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'], ['Stay safe', 'S1', '', 'An action', '']]);
    });
    await old.click('#use-sheet');
    await old.locator('[data-rule="missing-laa-ref"] .finding').waitFor();
    expect(await old.evaluate(() => (window as unknown as { standIn: ExcelStandIn }).standIn.value('Sheet1', 'F2'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says the version is too old, not a blank pane, where the bundle cannot load', async () => {
    const context = await browser.newContext();
    // A webview lacking something the bundle needs: the bundle throws while loading.
    await context.route('**/taskpane/taskpane.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: 'throw new SyntaxError("Invalid regular expression: invalid group specifier name");' }),
    );
    const old = await context.newPage();
    await old.goto(`${url()}/taskpane/index.html`);
    const message = old.locator('#host-message');
    await message.waitFor({ state: 'visible' });
    expect(await message.textContent()).toBe('This version of Office is too old for the add-in: upload your return on the web page instead.');
    await context.close();
  });
});
