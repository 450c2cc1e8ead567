/**
 * What exceljs does not guard, made safe before a value reaches a cell or a sheet tab.
 * Rules:
 * - text loses the characters XML 1.0 cannot carry (Excel refuses the file otherwise);
 * - text is cut below Excel's 32,767-character cell limit, saying how much was cut, as a last
 *   guard: the master's tables split a long text into continued rows first (write-master.ts);
 * - sheet names lose []:*?/\ and leading/trailing apostrophes, are at most 31 characters,
 *   never blank and never "History", and are unique without regard to case;
 * - cell values are only ever plain strings (or numbers we computed), never formula objects,
 *   so district text starting with =, +, - or @ is stored as text (a value, never an <f>
 *   element), not as a formula.
 */
import { stripInvalidXml } from '../../shared';

/** Below Excel's 32,767 so the cut notice itself fits. */
export const MAX_WRITTEN_TEXT = 32_000;

/** Text without the characters XML 1.0 cannot carry, not cut: for writers that split long text into continued rows themselves. */
export function cleanCellText(text: string): string {
  return stripInvalidXml(text);
}

/** Text for a cell: cleaned, and cut (saying so) only if a writer failed to split it first. */
export function toCellText(text: string): string {
  const clean = stripInvalidXml(text);
  if (clean.length <= MAX_WRITTEN_TEXT) return clean;
  let end = MAX_WRITTEN_TEXT;
  // Never leave half of a surrogate pair at the cut.
  const code = clean.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${clean.slice(0, end)}… [${clean.length - end} more characters cut: Excel holds 32,767 in a cell]`;
}

const MAX_SHEET_NAME = 31;

/** A sheet name Excel accepts, unique among `used` (which it updates). */
export function cleanSheetName(name: string, used: Set<string>): string {
  let base = stripInvalidXml(name)
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  if (base === '' || base.toLowerCase() === 'history') base = base === '' ? 'Sheet' : `${base} sheet`;
  base = cutName(base, MAX_SHEET_NAME);
  let candidate = base;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = `${cutName(base, MAX_SHEET_NAME - suffix.length)}${suffix}`;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

function cutName(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end).trimEnd();
}
