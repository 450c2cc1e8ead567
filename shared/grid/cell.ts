/** Cell values as Excel's `range.values` and a plain-text exceljs read give them, and A1 addresses. */
import { normaliseText } from '../text/normalise';

export type CellValue = string | number | boolean | Date | null | undefined;

/** Any cell value as the text an officer sees; never throws, whatever it is given. */
export function cellToText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return normaliseText(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'object':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
      return '';
    default:
      return '';
  }
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Column index (0-based) and 1-based row → "C14". */
export function cellAddress(column: number, row: number): string {
  return `${columnLetter(column)}${row}`;
}

/** "C14" → { column: 2, row: 14 }; null when it is not a single-cell A1 address. */
export function parseCellAddress(address: string): { column: number; row: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(address.trim().toUpperCase());
  if (!match) return null;
  let column = 0;
  for (const ch of match[1]!) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { column: column - 1, row: Number(match[2]) };
}
