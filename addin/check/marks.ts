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
