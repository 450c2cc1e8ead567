/**
 * Debian's Chromium driven by playwright-core, with the flags this closed machine needs.
 * playwright gives every launch a fresh temporary profile of its own (it refuses a
 * --user-data-dir argument), so no state leaks between tests. Never downloads a browser.
 */
import { chromium, type Browser, type Locator } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  return { browser, close: () => browser.close() };
}

/**
 * Waits until the element's text is `expected` (or matches it), as a person would look again a
 * moment later; fails after `timeoutMs` with what it last read. A page may announce a change a
 * moment before or after it redraws a table, and a slow CI machine widens that moment: reading
 * the text once right after the announcement was a flaky test.
 */
export async function expectText(locator: Locator, expected: string | RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  for (;;) {
    last = await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => last);
    const matches = typeof expected === 'string' ? last === expected : last !== null && expected.test(last);
    if (matches) return;
    if (Date.now() >= deadline) throw new Error(`expected the text ${String(expected)}, last read ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
