/**
 * The validation rules as data: one id, one severity, one title and one message template per
 * rule, so the add-in, the service, the `check` command and the master workbook all show an
 * officer the same words. Templates name their parameters in braces: "{ref}".
 */
import { z } from 'zod';

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const RuleId = z.enum([
  'missing-laa-ref',
  'unknown-laa-ref',
  'unknown-outcome',
  'missing-outcome',
  'unknown-aim',
  'aim-outside-outcome',
  'update-without-action',
  'duplicate-action',
  'text-too-long',
  'unknown-status',
  'cell-error',
  'no-grid',
  'too-many-rows',
  'missing-column',
  'laa-ref-out-of-period',
  'hidden-sheet',
  'hidden-rows',
  'hidden-columns',
]);
export type RuleId = z.infer<typeof RuleId>;

export interface RuleDefinition {
  id: RuleId;
  severity: Severity;
  title: string;
  message: string;
}

/** Excel holds 32,767 characters in a cell; we warn a little below so a merged update still fits. */
export const MAX_CELL_TEXT = 32000;

export const RULES: Readonly<Record<RuleId, RuleDefinition>> = {
  'missing-laa-ref': {
    id: 'missing-laa-ref',
    severity: 'error',
    title: 'Missing LAA reference',
    message: 'Row {row} has an action but no LAA reference{written}. Add the LAA indicator(s) this action contributes to.',
  },
  'unknown-laa-ref': {
    id: 'unknown-laa-ref',
    severity: 'warning',
    title: 'Unknown LAA reference',
    message: '"{ref}" is not in the {partnership} LAA catalogue.{suggestion}',
  },
  'unknown-outcome': {
    id: 'unknown-outcome',
    severity: 'error',
    title: 'Unknown outcome',
    message: '"{text}" is not an Every Child Matters outcome. Use one of: {outcomes}.',
  },
  'missing-outcome': {
    id: 'missing-outcome',
    severity: 'error',
    title: 'Missing outcome',
    message: 'Row {row} has an action but no outcome, and none above it to carry down. Fill in the Outcome.',
  },
  'unknown-aim': {
    id: 'unknown-aim',
    severity: 'warning',
    title: 'Unknown aim',
    message: '"{text}" is not an aim of {outcome}. Use an aim code such as {example}.',
  },
  'aim-outside-outcome': {
    id: 'aim-outside-outcome',
    severity: 'warning',
    title: 'Aim of another outcome',
    message: 'Aim {aim} belongs to "{aimOutcome}", but this row is under "{outcome}". Check the Outcome or the Aim.',
  },
  'update-without-action': {
    id: 'update-without-action',
    severity: 'error',
    title: 'Update without an action',
    message: 'Row {row} has a District Update but no action. Put the update against the action it reports on.',
  },
  'duplicate-action': {
    id: 'duplicate-action',
    severity: 'warning',
    title: 'Action listed twice',
    message: 'This action is already in row {firstRow} under "{outcome}". Keep one row and put both updates in it.',
  },
  'text-too-long': {
    id: 'text-too-long',
    severity: 'error',
    title: 'Text too long',
    message: 'This cell holds {length} characters; the limit is {limit}. Shorten it or move some of it to another action.',
  },
  'unknown-status': {
    id: 'unknown-status',
    severity: 'warning',
    title: 'Unknown status',
    message: '"{text}" is not a status. Use On track, At risk or Exceptional.',
  },
  'cell-error': {
    id: 'cell-error',
    severity: 'warning',
    title: 'Error in a cell',
    message: 'This cell shows {error} in Excel, so it was read as empty. Type the text in instead of a formula.',
  },
  'no-grid': {
    id: 'no-grid',
    severity: 'info',
    title: 'No grid on this sheet',
    message: 'Sheet "{sheet}" has no header row with Actions and LAA Ref or District Update, so it was not read.',
  },
  'too-many-rows': {
    id: 'too-many-rows',
    severity: 'error',
    title: 'Too many rows',
    message: 'Only the first {limit} rows of sheet "{sheet}" were read.',
  },
  'missing-column': {
    id: 'missing-column',
    severity: 'error',
    title: 'Column not recognised',
    message:
      'Sheet "{sheet}" has no {column} column that could be recognised in its header (row {row}), so no {column} was read. The header labels seen: {labels}. Head the column "{example}", or add its wording to the partnership configuration\'s column labels.',
  },
  'laa-ref-out-of-period': {
    id: 'laa-ref-out-of-period',
    severity: 'warning',
    title: 'LAA reference not in use this period',
    message: '{ref} is not in use in {period}: it applies {span}. Check the reference, or the period this return is for.',
  },
  'hidden-sheet': {
    id: 'hidden-sheet',
    severity: 'info',
    title: 'Hidden sheet not read',
    message: 'Sheet "{sheet}" is {state} in Excel, so it was not read as part of the return. Unhide it if it holds this period\'s return.',
  },
  'hidden-rows': {
    id: 'hidden-rows',
    severity: 'info',
    title: 'Hidden rows read',
    message: '{count} hidden row(s) of sheet "{sheet}" hold actions and were read as part of the return: {rows}. Unhide them to check them, or delete them if they are not meant to be sent.',
  },
  'hidden-columns': {
    id: 'hidden-columns',
    severity: 'info',
    title: 'Hidden columns read',
    message: 'Hidden column(s) of sheet "{sheet}" were read as part of the return: {columns}. Unhide them to check them, or delete them if they are not meant to be sent.',
  },
};

export const Finding = z.object({
  rule: RuleId,
  severity: Severity,
  sheet: z.string(),
  cell: z.string(),
  message: z.string(),
  /** The row's id, where the row has one (synced rows). */
  rowId: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

export type MessageParams = Record<string, string | number>;

/** A template split once into text and parameter names: even slots are text, odd slots names. */
const compiled = new Map<string, string[]>();

function compile(template: string): string[] {
  let parts = compiled.get(template);
  if (parts === undefined) {
    parts = template.split(/\{(\w+)\}/);
    if (compiled.size < 1000) compiled.set(template, parts);
  }
  return parts;
}

/** Fills "{name}" placeholders from `params`; a placeholder without a parameter stays as it is. */
export function formatMessage(template: string, params: MessageParams): string {
  const parts = compile(template);
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = params[name];
    text += (value === undefined ? `{${name}}` : String(value)) + parts[i + 1]!;
  }
  return text;
}

export function makeFinding(
  rule: RuleId,
  where: { sheet: string; cell: string; rowId?: string | null },
  params: MessageParams = {},
): Finding {
  const definition = RULES[rule];
  const finding: Finding = {
    rule,
    severity: definition.severity,
    sheet: where.sheet,
    cell: where.cell,
    message: formatMessage(definition.message, params),
  };
  if (where.rowId) finding.rowId = where.rowId;
  return finding;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const RULE_ORDER = new Map(RuleId.options.map((id, index) => [id, index]));

/**
 * Findings in the order an officer works through them: missing LAA refs first of all, then
 * by severity, then sheet order and position.
 */
export function sortFindings(findings: readonly Finding[], sheetOrder: readonly string[] = []): Finding[] {
  const sheetIndex = new Map(sheetOrder.map((s, i) => [s, i]));
  // Each finding's keys worked out once, not once per comparison.
  const keyed = findings.map((finding) => ({
    finding,
    first: finding.rule === 'missing-laa-ref' ? 0 : 1,
    severity: SEVERITY_ORDER[finding.severity],
    sheet: sheetIndex.get(finding.sheet) ?? 1e9,
    row: rowOf(finding.cell),
    rule: RULE_ORDER.get(finding.rule) ?? 0,
  }));
  keyed.sort(
    (a, b) =>
      a.first - b.first ||
      a.severity - b.severity ||
      a.sheet - b.sheet ||
      (a.finding.sheet === b.finding.sheet ? 0 : a.finding.sheet.localeCompare(b.finding.sheet)) ||
      a.row - b.row ||
      a.rule - b.rule,
  );
  return keyed.map((k) => k.finding);
}

/** The row number of an A1 address ("C14" → 14), 0 when there is none. */
function rowOf(cell: string): number {
  let row = 0;
  let scale = 1;
  for (let i = cell.length - 1; i >= 0; i--) {
    const digit = cell.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    row += digit * scale;
    scale *= 10;
  }
  return row;
}
