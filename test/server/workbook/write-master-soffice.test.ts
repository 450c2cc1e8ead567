/**
 * LibreOffice must open both copies of the master and print them as the board reads them: it
 * is what many councils (and the board's clerk) use, it is stricter than exceljs about what it
 * reads, and like Excel it does not re-fit row heights on open. The text of a PDF still holds
 * clipped text, so besides the words this looks at where they are printed: no two words on a
 * page overlap, which is what a row too short for its text (text running under the next row)
 * or two refs run together would give.
 * Needs LibreOffice (soffice) and poppler-utils (pdftotext); Arial is substituted by Liberation
 * Sans (fonts-liberation), which has Arial's metrics.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CONFIG, type GridRow } from '../../../shared';
import { mergeReturns, type MasterModel } from '../../../shared/merge';
import { renderMasterWorkbook, type MasterCopy } from '../../../server/workbook/write-master';
import { buildSeedReturns } from '../../support/seed-returns';

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dr-soffice-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function seedModel(): MasterModel {
  const returns = buildSeedReturns('2008-03-19T16:30:00.000Z');
  const hbbc = returns[1]!;
  hbbc.rows = [
    ...hbbc.rows.map((row): GridRow => (row.action.startsWith('To produce a proactive') ? { ...row, status: 'At risk', statusText: 'At risk' } : row)),
    { ...hbbc.rows[4]!, action: 'Injected', update: '=1+1' },
    // Longer than a row may be (409 pt): goes on in continued rows.
    { ...hbbc.rows[4]!, action: 'A very long update', update: Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of the long update, with enough words to wrap across the column at least once.`).join('\n\n') },
  ];
  return mergeReturns({ period: '2008-03', districts: returns, now: new Date('2008-03-20T09:00:00Z') }, DEFAULT_CONFIG);
}

interface Word {
  text: string;
  page: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

async function printToPdf(model: MasterModel, copy: MasterCopy): Promise<{ text: string; words: Word[]; pages: number }> {
  const file = join(dir, `${copy}.xlsx`);
  writeFileSync(file, await renderMasterWorkbook(model, { copy, includeUnchanged: false }));
  await run(
    'soffice',
    [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, file],
    { timeout: 90_000 },
  );
  const pdf = join(dir, `${copy}.pdf`);
  const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 20 * 1024 * 1024 });
  const { stdout: html } = await run('pdftotext', ['-bbox', pdf, '-'], { maxBuffer: 50 * 1024 * 1024 });
  const words: Word[] = [];
  const pages = html.split('<page ').slice(1);
  pages.forEach((page, index) => {
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ page: index + 1, x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5]! });
    }
  });
  return { text: text.replace(/\s+/g, ' '), words, pages: pages.length };
}

/**
 * Pairs of words printed over each other: their boxes share some width and their middles are
 * less than 60% of a line apart (pdftotext's boxes span the font's whole ascent and descent,
 * so the boxes of two lines in a row touch; two lines drawn over each other are much closer).
 */
function overlaps(words: readonly Word[]): string[] {
  const found: string[] = [];
  const byPage = new Map<number, Word[]>();
  for (const w of words) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
  const middle = (w: Word) => (w.y0 + w.y1) / 2;
  for (const list of byPage.values()) {
    list.sort((a, b) => middle(a) - middle(b));
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      for (let j = i + 1; j < list.length; j++) {
        const b = list[j]!;
        if (middle(b) - middle(a) >= 0.6 * Math.min(a.y1 - a.y0, b.y1 - b.y0)) break;
        if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5) found.push(`page ${a.page}: "${a.text}" over "${b.text}"`);
      }
    }
  }
  return found;
}

test('LibreOffice prints the board’s copy: only its tables, page numbers, nothing printed over anything', async () => {
  const { text, words, pages } = await printToPdf(seedModel(), 'board');
  expect(text).toContain("CONTRIBUTION TO THE CHILDREN ACT – EXCEPTIONS");
  expect(text).toContain("CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE");
  expect(text).toContain('(20 March 2008)');
  expect(text).toContain('LSA Awards Programme (NWLDC).');
  // A formula would print as 2; the text prints as typed.
  expect(text).toContain('=1+1 (HBBC)');
  // The long update goes on in a continued row and is printed to its end.
  expect(text).toContain('(continued) Paragraph');
  expect(text).toContain('Paragraph 60 of the long update');
  expect(text).toContain(`Page 1 of ${pages}`);
  // The footer's centre: the period.
  expect(text.match(/20 March 2008 Page \d+ of/g)).toHaveLength(pages);
  expect(text).toContain(`Page ${pages} of ${pages}`);
  // Refs one per line: never run together.
  expect(text).not.toContain('SC7HC3');
  // Nothing of the working copy.
  for (const working of ['Rows with an update', 'Severity', 'missing-laa-ref', 'master for the board (working copy)']) expect(text).not.toContain(working);
  expect(words.length).toBeGreaterThan(500);
  expect(overlaps(words)).toEqual([]);
}, 120_000);

test('LibreOffice prints the working copy with its Summary, Findings and page numbers, nothing printed over anything', async () => {
  const { text, words, pages } = await printToPdf(seedModel(), 'working');
  expect(text).toContain('master for the board (working copy)');
  expect(text).toContain('missing-laa-ref');
  expect(text).toContain(`Page ${pages} of ${pages}`);
  expect(overlaps(words)).toEqual([]);
}, 120_000);
