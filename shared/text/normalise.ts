/**
 * Text rules shared by every reader and writer:
 * - line breaks become \n (Excel on Windows gives \r\n);
 * - Unicode NFC, so "é" typed two ways compares equal;
 * - characters XML 1.0 cannot carry are dropped (C0 controls other than tab and newline,
 *   U+FFFE/U+FFFF, lone surrogates): exceljs writes them as-is and Excel then refuses the file.
 */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_WORK = /[^\u0020-\u007E\n\t]/;

export function normaliseText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text.trim();
  return text.replace(/\r\n?/g, '\n').replace(INVALID_XML, '').normalize('NFC').trim();
}

/** Drops only the characters XML cannot carry; for text we write into workbooks. */
export function stripInvalidXml(text: string): string {
  return text.replace(INVALID_XML, '');
}

/** A comparison key: case, spacing and punctuation do not count ("Develop  Youth-strategy." = "develop youth strategy"). */
export function comparisonKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A tighter key for labels: letters and digits only ("Economic well-being" = "economicwellbeing"). */
export function labelKey(text: string): string {
  return comparisonKey(text).replace(/ /g, '');
}
