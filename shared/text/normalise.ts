/**
 * Text rules shared by every reader and writer:
 * - line breaks become \n (Excel on Windows gives \r\n);
 * - Unicode NFC, so "é" typed two ways compares equal;
 * - characters XML 1.0 cannot carry are dropped (C0 controls other than tab and newline,
 *   U+FFFE/U+FFFF, lone surrogates): exceljs writes them as-is and Excel then refuses the file.
 */
// A valid surrogate pair is matched too, and kept by keepPairs, so that a low surrogate is lone
// exactly when this pattern reaches it on its own. Without lookbehind: the task pane's webviews
// (EdgeHTML, Safari before 16.4) cannot parse ES2018 lookbehind, and one such pattern stops the
// whole bundle loading (docs/addin.md, "Webviews").
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;
const NEEDS_WORK = /[^\u0020-\u007E\n\t]/;

/** The replacer for INVALID_XML: a surrogate pair (two UTF-16 units) stays, anything else goes. */
function keepPairs(match: string): string {
  return match.length === 2 ? match : '';
}

export function normaliseText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text.trim();
  return text.replace(/\r\n?/g, '\n').replace(INVALID_XML, keepPairs).normalize('NFC').trim();
}

/** Drops only the characters XML cannot carry; for text we write into workbooks. */
export function stripInvalidXml(text: string): string {
  return text.replace(INVALID_XML, keepPairs);
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

/**
 * How many letters and digits of a text comparisonHash reads: enough to tell most actions
 * apart. Hashing costs per character (it is a third of validating a 10,000-row return at 64);
 * texts that share a longer opening only land in one bucket, where comparisonKey decides.
 */
const HASHED_WORD_CHARACTERS = 24;

/**
 * A bucket key for comparisonKey(text), computed in one pass without building the key: 32-bit
 * FNV-1a over the first HASHED_WORD_CHARACTERS lower-cased letters and digits, with one space
 * per run of anything else between them ("&" reads as "and"). It depends only on the opening of
 * comparisonKey(text), so equal keys always share a bucket; callers tell a bucket's texts apart
 * by comparisonKey, so neither a collision nor a shared opening merges two different texts.
 * Non-ASCII text in the opening takes the full path.
 */
export function comparisonHash(text: string): number {
  let hash = 0x811c9dc5;
  let pendingSpace = false;
  let taken = 0;
  // Stryker disable next-line EqualityOperator: equivalent, the hash only picks a bucket: one more character read (or a NaN past the end, read as a separator) still gives equal keys equal hashes.
  for (let i = 0; i < text.length && taken < HASHED_WORD_CHARACTERS; i++) {
    let c = text.charCodeAt(i);
    // Stryker disable next-line EqualityOperator: equivalent, "~" (0x7e) taking the full path gives the same hash.
    if (c > 0x7e) return comparisonHash(comparisonKey(text));
    if (c >= 65 && c <= 90) c += 32;
    else if (c === 38) {
      // "&" reads as the word "and", as in comparisonKey.
      if (taken > 0) hash = Math.imul(hash ^ 32, 16777619);
      hash = Math.imul(Math.imul(Math.imul(hash ^ 97, 16777619) ^ 110, 16777619) ^ 100, 16777619);
      taken += 3;
      pendingSpace = true;
      continue;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
      pendingSpace = taken > 0;
      continue;
    }
    if (pendingSpace) {
      hash = Math.imul(hash ^ 32, 16777619);
      pendingSpace = false;
    }
    hash = Math.imul(hash ^ c, 16777619);
    taken++;
  }
  return hash >>> 0;
}

/** A tighter key for labels: letters and digits only ("Economic well-being" = "economicwellbeing"). */
export function labelKey(text: string): string {
  return comparisonKey(text).replace(/ /g, '');
}
