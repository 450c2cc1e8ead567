/**
 * A number cell's text as Excel displays it: its style's number format applied to the value.
 * Rules:
 * - a style (`<c s>`) points at a cell format (`cellXfs/xf@numFmtId`, ECMA-376 Part 1 §18.8.10);
 *   the id is a custom format of the workbook (`numFmts/numFmt`, §18.8.30) or a built-in one
 *   whose code is implied (the table in §18.8.30);
 * - built-in ids whose meaning depends on the UI language (14 "short date", 22) are read as a
 *   United Kingdom Excel shows them (`dd/mm/yyyy`): the returns come from English councils.
 *   Source: the §18.8.30 note "Some of these Ids can be interpreted differently, depending on
 *   the UI language of the implementing application", quoted at
 *   https://learn.microsoft.com/dotnet/api/documentformat.openxml.spreadsheet.numberingformat;
 * - `[$-F800]` / `[$-x-sysdate]` and `[$-F400]` / `[$-x-systime]` mean the system's long date and
 *   long time, the rest of the code ignored (as PhpSpreadsheet found Excel does:
 *   https://github.com/PHPOffice/PhpSpreadsheet/commit/accb3211972a3cde54f9b34d445c1631f204f938);
 *   read as a UK system shows them, "14 July 2008" and "13:05:00";
 * - dates count days from 1900 (with Excel's 29 February 1900) or from 1904 when the workbook
 *   says `workbookPr@date1904` (§18.2.28);
 * - the formatting itself is SheetJS's `ssf` (the format engine of the `xlsx` library), not
 *   ours: format codes have sections, conditions, locales, fractions and elapsed times;
 * - a value the format would hide (an empty section, a date out of range) is read in General
 *   instead, so nothing the officer typed is read as empty.
 */
import { format as formatWithSsf } from 'ssf';

/** Built-in format codes (ECMA-376 Part 1 §18.8.30), the locale-dependent ones as en-GB. */
const BUILT_IN: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  5: '"£"#,##0;\\-"£"#,##0',
  6: '"£"#,##0;[Red]\\-"£"#,##0',
  7: '"£"#,##0.00;\\-"£"#,##0.00',
  8: '"£"#,##0.00;[Red]\\-"£"#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'dd/mm/yyyy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'dd/mm/yyyy hh:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** The number formats of one workbook: style index → format code. */
export interface NumberFormats {
  /** Format code per `cellXfs` index (the cell's `s`); missing entries are General. */
  readonly byStyle: readonly string[];
  /** `workbookPr@date1904`: serial 0 is 1 January 1904 instead of 0 January 1900. */
  readonly date1904: boolean;
}

/** The format code of a built-in id, or General for an id the standard does not list. */
export function builtInFormat(id: number): string {
  return BUILT_IN[id] ?? 'General';
}

function general(value: number): string {
  try {
    return formatWithSsf('General', value);
  } catch {
    return String(value);
  }
}

const SYSTEM_LONG_DATE = /\[\$-(?:F800|x-sysdate)\]/i;
const SYSTEM_LONG_TIME = /\[\$-(?:F400|x-systime)\]/i;

/** The code to format with: system long date and time formats as a UK system shows them. */
function localCode(code: string): string {
  if (SYSTEM_LONG_DATE.test(code)) return 'dd mmmm yyyy';
  if (SYSTEM_LONG_TIME.test(code)) return 'hh:mm:ss';
  return code;
}

/** `value` as Excel displays it with the cell's style `styleIndex` (undefined: no style). */
export function displayNumber(value: number, styleIndex: number | undefined, formats: NumberFormats): string {
  if (!Number.isFinite(value)) return '';
  const code = localCode(styleIndex === undefined ? 'General' : (formats.byStyle[styleIndex] ?? 'General'));
  if (code === 'General' || code === '@') return general(value);
  let text: string;
  try {
    text = formatWithSsf(code, value, { date1904: formats.date1904 }).trim();
  } catch {
    return general(value);
  }
  return text === '' ? general(value) : text;
}

/**
 * A `t="d"` cell (an ISO 8601 date, §18.18.11, written by strict and some other writers) as
 * Excel shows it: converted to its serial and formatted; in General, the date as written.
 */
export function displayIsoDate(iso: string, styleIndex: number | undefined, formats: NumberFormats): string {
  const millis = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
  const code = styleIndex === undefined ? 'General' : (formats.byStyle[styleIndex] ?? 'General');
  if (Number.isNaN(millis) || code === 'General') return iso;
  const epoch = formats.date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const serial = (millis - epoch) / 86_400_000;
  return displayNumber(serial, styleIndex, formats);
}
