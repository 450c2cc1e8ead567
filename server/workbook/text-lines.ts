/**
 * How many lines a wrapped cell needs, and where to cut a text that needs more than a row can
 * hold. Neither Excel nor LibreOffice re-fits the rows of a file on open, so the master sets
 * every row's height itself (issue 11).
 * Rules:
 * - a column `width` is in characters of the Normal style's maximum digit width, 7 px for
 *   Calibri 11 at 96 dpi, plus 5 px of padding and grid line (ECMA-376 Part 1 §18.3.1.13, col
 *   @width; Office's formula in [MS-OI29500] 2.1.598:
 *   https://learn.microsoft.com/en-us/openspecs/office_standards/ms-oi29500/727f4736-6cba-40e3-b4d3-ce319885780e);
 *   the text gets `width × 7` px less a margin (MARGIN) for rendering differences;
 * - text is measured in Arial's advance widths (Liberation Sans, LibreOffice's stand-in for
 *   Arial, has the same metrics), 1/1000 em, at the font's size (1 pt = 96/72 px);
 * - lines wrap greedily at spaces, as Excel does; a word wider than the line breaks inside;
 *   an explicit line break (\n) starts a new line, an empty paragraph is a line;
 * - a line of Arial 10 is 12.75 pt (Excel's default row height for it), plus ROW_PADDING_PT;
 * - a row is at most 409 pt (Excel's limit, "Excel specifications and limits":
 *   https://support.microsoft.com/en-us/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3),
 *   so a text needing more lines is cut into pieces of at most MAX_LINES_PER_ROW lines, each
 *   cut at a line break or a space, the text kept whole across the pieces.
 */

/** Arial's advance widths for ASCII 32–126, in 1/1000 em (Arial's AFM metrics). */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0–9
  278, 278, 584, 584, 584, 556, 1015, // : … @
  667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // A–Z
  278, 278, 278, 469, 556, 333, // [ … `
  556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // a–z
  334, 260, 334, 584, // { … ~
];
/** Accented Latin and most other scripts: about a capital's width. */
const OTHER_WIDTH = 667;
/** Ideographs, kana, hangul and other full-width forms take a whole em. */
const WIDE_WIDTH = 1000;

/** px per character unit of column width: the maximum digit width of Calibri 11 (Normal style) at 96 dpi. */
export const COLUMN_UNIT_PX = 7;
/** Text area lost to rendering differences (hinting, LibreOffice's own padding): 8% of the line. */
const MARGIN = 0.92;
/** One line of Arial 10, in points (Excel's default row height for Arial 10). */
export const LINE_HEIGHT_PT = 12.75;
export const ROW_PADDING_PT = 3;
/** Excel's largest row height. */
export const MAX_ROW_HEIGHT_PT = 409;
/** Lines of Arial 10 that fit in one row of at most 409 pt, less one for safety. */
export const MAX_LINES_PER_ROW = Math.floor((MAX_ROW_HEIGHT_PT - ROW_PADDING_PT) / LINE_HEIGHT_PT) - 1;

function measureChar(code: number): number {
  if (code >= 32 && code <= 126) return ASCII_WIDTHS[code - 32]!;
  if (code === 0x2018 || code === 0x2019) return 222; // ‘ ’
  if (code === 0x201c || code === 0x201d) return 333; // “ ”
  if (code === 0x2013 || code === 0xa3) return 556; // – £
  if (code === 0x2014 || code === 0x2026) return 1000; // — …
  if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60))) {
    return WIDE_WIDTH;
  }
  if (code >= 0xd800 && code <= 0xdfff) return WIDE_WIDTH / 2; // each half of a pair: emoji and the like
  return OTHER_WIDTH;
}

/** Every UTF-16 code unit's width, looked up once: the master measures tens of millions of characters. */
let widths: Uint16Array | null = null;
function widthTable(): Uint16Array {
  if (widths === null) {
    widths = new Uint16Array(0x10000);
    for (let code = 0; code < 0x10000; code++) widths[code] = measureChar(code);
  }
  return widths;
}

export interface TextFont {
  /** Points. */
  size: number;
  isBold?: boolean;
}

export const BODY_FONT: TextFont = { size: 10 };

/** The width in 1/1000 em units available for text in a column `width` characters wide. */
function lineCapacity(width: number, font: TextFont): number {
  const px = width * COLUMN_UNIT_PX * MARGIN;
  const emPx = (font.size * 96) / 72;
  // Bold Arial runs about 6% wider than regular.
  return ((px / emPx) * 1000) / (font.isBold ? 1.08 : 1);
}

/**
 * Wraps `text` as Excel does and returns how many lines it takes; when `starts` is given, the
 * offset each line starts at is pushed to it (0 first; a later line starts after its break, a
 * \n or the spaces it wrapped at).
 */
function wrap(text: string, width: number, font: TextFont, starts: number[] | null): number {
  const table = widthTable();
  const capacity = lineCapacity(width, font);
  starts?.push(0);
  let lines = 1;
  let lineStart = 0;
  let lineWidth = 0;
  /** Offset just after the last space on this line where it may wrap, and the width since it. */
  let breakAt = -1;
  let wordWidth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      lines++;
      lineStart = i + 1;
      starts?.push(lineStart);
      lineWidth = 0;
      breakAt = -1;
      wordWidth = 0;
      continue;
    }
    const w = table[code]!;
    if (code === 32) {
      // Spaces at the end of a line hang past the edge and never wrap on their own.
      lineWidth += w;
      breakAt = i + 1;
      wordWidth = 0;
      continue;
    }
    if (lineWidth + w > capacity && lineWidth > 0) {
      lines++;
      if (breakAt > lineStart) {
        // The word so far moves to the new line.
        lineStart = breakAt;
        lineWidth = wordWidth;
      } else {
        lineStart = i;
        lineWidth = 0;
        wordWidth = 0;
      }
      starts?.push(lineStart);
      breakAt = -1;
    }
    lineWidth += w;
    wordWidth += w;
  }
  return lines;
}

/**
 * The start offsets of the visual lines of `text` wrapped in a column `width` characters wide:
 * [0, …]. Each later line starts after the break (a \n or the spaces it wrapped at).
 */
export function findLineStarts(text: string, width: number, font: TextFont = BODY_FONT): number[] {
  const starts: number[] = [];
  wrap(text, width, font, starts);
  return starts;
}

/** Lines `text` needs in a column `width` characters wide; an empty text needs one. */
export function countLines(text: string, width: number, font: TextFont = BODY_FONT): number {
  if (text === '') return 1;
  // Short text fits even if every character were as wide as the widest (1,015: "@"); no scan.
  if (text.length * 1015 <= lineCapacity(width, font) && !text.includes('\n')) return 1;
  return wrap(text, width, font, null);
}

/** Row height in points for `lines` lines of the body font. */
export function rowHeightFor(lines: number, lineHeight = LINE_HEIGHT_PT): number {
  return Math.min(MAX_ROW_HEIGHT_PT, Math.ceil((lines * lineHeight + ROW_PADDING_PT) * 4) / 4);
}

/**
 * `text` cut into pieces of at most `maxLines` wrapped lines each (at a paragraph break where
 * one is near the end of a piece, else at a line's wrap), the pieces together holding every
 * character but the line breaks and spaces they were cut at. A text that fits is one piece.
 */
export function splitIntoPieces(text: string, width: number, maxLines: number, font: TextFont = BODY_FONT): string[] {
  const starts = findLineStarts(text, width, font);
  if (starts.length <= maxLines) return [text];
  const pieces: string[] = [];
  let first = 0;
  while (first < starts.length) {
    let last = Math.min(starts.length, first + maxLines);
    if (last < starts.length) {
      // Prefer to end the piece at a paragraph break in its last third.
      for (let k = last; k > first + Math.ceil((maxLines * 2) / 3); k--) {
        if (text.charCodeAt(starts[k]! - 1) === 10) {
          last = k;
          break;
        }
      }
    }
    const end = last < starts.length ? starts[last]! : text.length;
    pieces.push(text.slice(starts[first]!, end).replace(/^\n+/, '').replace(/\s+$/, ''));
    first = last;
  }
  return pieces.filter((piece, i) => piece !== '' || i === 0);
}
