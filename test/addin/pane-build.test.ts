/**
 * The task pane as built and served: Office.js from Microsoft's CDN unless the offline flag
 * asks for the package copy; framing allowed to Office's hosts (cloud.microsoft included) for
 * the pane only; a bundle the ES2017 webviews parse and an ES5 first script for Trident; and
 * the pane's fallbacks for webviews without crypto.randomUUID or browser storage.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'acorn';
import { openStorage, type KeyValueStorage } from '../../addin/sync/storage';
import { newUuid, type CryptoLike } from '../../addin/sync/uuid';
import { startService, type TestService } from '../support/service';

const { buildWeb, OFFICE_JS_CDN } = require('../../scripts/build-web.js') as {
  buildWeb: (dir: string, options?: { officeJs?: 'cdn' | 'package' }) => Promise<string>;
  OFFICE_JS_CDN: string;
};

jest.setTimeout(60_000);

describe('the pane as built and served', () => {
  let webDir: string;
  let offlineDir: string;
  let service: TestService;

  beforeAll(async () => {
    webDir = await buildWeb(mkdtempSync(join(tmpdir(), 'dr-web-')));
    offlineDir = await buildWeb(mkdtempSync(join(tmpdir(), 'dr-web-offline-')), { officeJs: 'package' });
    service = await startService({ webDir });
  });

  afterAll(async () => {
    await service?.close();
    rmSync(webDir, { recursive: true, force: true });
    rmSync(offlineDir, { recursive: true, force: true });
  });

  it("references Office.js on Microsoft's CDN by default, and the package copy only with the offline flag", async () => {
    expect(OFFICE_JS_CDN).toBe('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    for (const page of ['/taskpane/index.html', '/taskpane/commands.html']) {
      const html = await (await fetch(`${service.url}${page}`)).text();
      expect(html).toContain(`<script src="${OFFICE_JS_CDN}"></script>`);
      expect(html).not.toContain('/office-js/office.js');
    }
    const offline = readFileSync(join(offlineDir, 'taskpane', 'index.html'), 'utf8');
    expect(offline).toContain('<script src="/office-js/office.js"></script>');
    expect(offline).not.toContain(OFFICE_JS_CDN);
  });

  it("lets Office's hosts, cloud.microsoft included, frame the pane, and no one frame the coordinator's page", async () => {
    const ancestors = async (path: string) => {
      const csp = (await fetch(`${service.url}${path}`)).headers.get('content-security-policy') ?? '';
      return /frame-ancestors ([^;]*)/.exec(csp)?.[1] ?? '';
    };
    const pane = await ancestors('/taskpane/index.html');
    for (const host of ['https://*.cloud.microsoft', 'https://*.office.com', 'https://*.officeapps.live.com', 'https://*.sharepoint.com']) {
      expect(pane.split(' ')).toContain(host);
    }
    expect(await ancestors('/')).toBe("'none'");
    expect(await ancestors('/coordinator/')).toBe("'none'");
  });

  it('builds a bundle that parses as ES2017, and a first script that parses as ES5', () => {
    const bundle = readFileSync(join(webDir, 'taskpane', 'taskpane.js'), 'utf8');
    expect(() => parse(bundle, { ecmaVersion: 2017, sourceType: 'script' })).not.toThrow();
    const legacy = readFileSync(join(webDir, 'taskpane', 'legacy.js'), 'utf8');
    expect(() => parse(legacy, { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
    const html = readFileSync(join(webDir, 'taskpane', 'index.html'), 'utf8');
    expect(html.indexOf('src="legacy.js"')).toBeGreaterThan(0);
    expect(html.indexOf('src="legacy.js"')).toBeLessThan(html.indexOf('src="taskpane.js"'));
  });
});

describe("the pane's fallbacks", () => {
  it('makes version 4 UUIDs without crypto.randomUUID', () => {
    const source: CryptoLike = { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) };
    const ids = new Set(Array.from({ length: 200 }, () => newUuid(source)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps the outbox in memory, and says so, when browser storage is blocked', () => {
    const blocked = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    const opened = openStorage(blocked);
    expect(opened.isPersistent).toBe(false);
    opened.storage.setItem('district-returns:sync', '{"outbox":{}}');
    expect(opened.storage.getItem('district-returns:sync')).toBe('{"outbox":{}}');
  });

  it('moves to memory, keeping what it holds, when storage fails later', () => {
    const items = new Map<string, string>();
    let isFull = false;
    const browser: KeyValueStorage = {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => {
        if (isFull) throw new DOMException('quota', 'QuotaExceededError');
        items.set(key, value);
      },
      removeItem: (key) => void items.delete(key),
    };
    let lost = 0;
    const opened = openStorage(() => browser, () => lost++);
    expect(opened.isPersistent).toBe(true);
    opened.storage.setItem('a', '1');
    isFull = true;
    opened.storage.setItem('b', '2');
    expect(lost).toBe(1);
    expect(opened.storage.getItem('a')).toBe('1');
    expect(opened.storage.getItem('b')).toBe('2');
  });
});
