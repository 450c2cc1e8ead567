/**
 * axe-core (Deque's accessibility engine) run inside the page under test, for WCAG 2.1 A and AA
 * rules: the law UK public-sector bodies work under (the Public Sector Bodies Accessibility
 * Regulations 2018). The engine's source is evaluated through the DevTools protocol, so the
 * page's own Content-Security-Policy (which allows no inline script) stays as served.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The WCAG 2.1 A/AA violations on the page as it is now (hidden parts are not checked). */
export async function findAxeViolations(page: Page): Promise<AxeViolation[]> {
  return page.evaluate(async (source: string) => {
    const w = window as unknown as { axe?: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } };
    if (!w.axe) (0, eval)(source);
    const result = await w.axe!.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, AXE_SOURCE);
}

/**
 * A small picture of one part of a page for docs/, written only when DOCS_SCREENSHOTS names a
 * folder (the e2e tests are run with it to refresh docs/images).
 */
export async function docScreenshot(page: Page, selector: string, name: string): Promise<void> {
  const dir = process.env.DOCS_SCREENSHOTS;
  if (!dir) return;
  await page.locator(selector).screenshot({ path: `${dir}/${name}.png` });
}
