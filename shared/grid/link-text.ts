/**
 * Links in district text (issue 11, item 6). A District Update cell that is a link shows only
 * its text in the officer's workbook, "our plan", and the address behind it is lost once the
 * text is printed for the board; the master never writes a live link or formula from district
 * text. So the reader hands over the cell's web or mail address and the update reads
 * "our plan (https://example.org/plan)". Only District Update cells: an action's text is what
 * districts' rows are matched on, so it stays as shown.
 * Pure: no workbook library here; the reader (server/workbook/read-sheets.ts) finds the links.
 */

/** A web or mail link on a cell, 0-based row and column, as the cell's file gives it. */
export interface SheetLink {
  row: number;
  column: number;
  /** The link's target, e.g. "https://example.org/plan" or "mailto:someone@example.org". */
  address: string;
}

/** Web and mail addresses only: a link within the workbook (#Sheet!A1) means nothing on paper. */
export function isPrintableAddress(address: string): boolean {
  return /^(https?:\/\/|mailto:|ftp:\/\/)\S+$/i.test(address.trim());
}

/**
 * The text with the link's address visible after it, unless the text already shows it:
 * ("our plan", "https://example.org/plan") → "our plan (https://example.org/plan)"; a mail
 * address is shown without "mailto:"; a link with no text is its address.
 */
export function withLinkAddress(text: string, address: string | undefined): string {
  if (address === undefined || !isPrintableAddress(address)) return text;
  const shown = address.trim().replace(/^mailto:/i, '');
  if (text.trim() === '') return shown;
  const bare = (t: string) => t.toLowerCase().replace(/\/+$/, '');
  if (bare(text).includes(bare(shown))) return text;
  return `${text} (${shown})`;
}

/** Looks a cell's link up by 0-based row and column. */
export function indexLinks(links: readonly SheetLink[] | undefined): (row: number, column: number | undefined) => string | undefined {
  if (!links || links.length === 0) return () => undefined;
  const byCell = new Map<string, string>();
  for (const link of links) byCell.set(`${link.row}:${link.column}`, link.address);
  return (row, column) => (column === undefined ? undefined : byCell.get(`${row}:${column}`));
}
