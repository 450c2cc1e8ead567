/**
 * Links in district text. A cell that is a link shows only its text in the officer's workbook,
 * "our plan", and the address behind it would be lost once the text is printed for the board;
 * the master never writes a live link or formula from district text. So the reader gives the
 * cell's web or mail address beside its text: "our plan (https://example.org/plan)". A link
 * within the workbook (#Sheet!A1) means nothing on paper and adds nothing.
 * Pure: the workbook reader (server/workbook/xlsx-sheet.ts) finds the links.
 */

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
