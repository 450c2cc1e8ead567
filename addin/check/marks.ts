/**
 * Marks: how a finding reaches a cell's look. The add-in writes, in a hidden column of the
 * grid, one token per finding field and severity ("laaRef.err aim.warn"); one conditional
 * format per field and severity turns a token into a fill. So a fixed finding leaves the cell
 * exactly as the officer formatted it (the add-in never touches their fills), and the marks
 * still show when the workbook is emailed and opened without the add-in.
 * Tokens avoid "?" and "*": SEARCH reads them as wildcards.
 */
import type { Severity } from '../../shared';

export const MARKED_FIELDS = ['outcome', 'aim', 'laaRef', 'action', 'update', 'status'] as const;
export type MarkedField = (typeof MARKED_FIELDS)[number];

export const MARKS_LABEL = 'Checks';

export const MARK_STYLE = {
  error: { suffix: 'err', fill: '#FDE7E9' },
  warning: { suffix: 'warn', fill: '#FFF4CE' },
} as const satisfies Partial<Record<Severity, { suffix: string; fill: string }>>;

export type MarkedSeverity = keyof typeof MARK_STYLE;

export function isMarkedSeverity(severity: Severity): severity is MarkedSeverity {
  return severity in MARK_STYLE;
}

export function markToken(field: MarkedField, severity: MarkedSeverity): string {
  return `${field}.${MARK_STYLE[severity].suffix}`;
}

/**
 * A cell's text as Excel's TRIM would see it if non-breaking spaces, tabs and line breaks were
 * spaces. TRIM removes only the space character (code 32): "The TRIM function was designed to
 * trim the 7-bit ASCII space character (value 32) from text… the nonbreaking space character
 * (value 160)… is not removed" (support.microsoft.com, "TRIM function"). UNICHAR (Excel 2013)
 * rather than CHAR, which maps 160 through the platform's code page (Mac Roman on a Mac).
 */
export function blankableText(ref: string): string {
  let text = ref;
  for (const code of [160, 10, 13, 9]) text = `SUBSTITUTE(${text},UNICHAR(${code})," ")`;
  return `TRIM(${text})`;
}

/** Whether a Custom rule's formula is one of the add-in's own (it searches the marks column for a token). */
export function isOwnRuleFormula(formula: string): boolean {
  return /ISNUMBER\(SEARCH\("(?:outcome|aim|laaRef|action|update|status)\.(?:err|warn)",\$[A-Z]{1,3}\d+\)\)/i.test(formula);
}
