/**
 * Driving a page by the keyboard alone, as a person who does not use a mouse would: Tab (or
 * Shift+Tab) until the control with the wanted accessible name has focus, then a key. Fails when
 * the control cannot be reached within `maxTabs` presses.
 */
import type { Page } from 'playwright-core';

/** The focused element's accessible name as a person hears it: its label, aria-label or text. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '';
    const labelled = element.getAttribute('aria-label');
    if (labelled) return labelled;
    const input = element as HTMLInputElement;
    if (input.labels && input.labels.length > 0) return Array.from(input.labels).map((l) => l.textContent ?? '').join(' ').trim();
    return (element.textContent ?? '').trim();
  });
}

export async function tabTo(page: Page, name: string | RegExp, maxTabs = 40): Promise<void> {
  const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
  for (let i = 0; i < maxTabs; i++) {
    if (matches(await focusedName(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach "${String(name)}" with the Tab key (last focus: "${await focusedName(page)}")`);
}

/** Tab to the control, then press `key` (Enter for buttons and links, Space for check boxes). */
export async function pressOn(page: Page, name: string | RegExp, key = 'Enter'): Promise<void> {
  await tabTo(page, name);
  await page.keyboard.press(key);
}
