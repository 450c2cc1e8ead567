/**
 * The validation rules over read rows. Findings, never exceptions: an officer's mistake is
 * something to show beside the cell, not a failure.
 * Rules (ids in rules.ts): an action needs an LAA ref (missing-laa-ref) from the catalogue
 * (unknown-laa-ref, with the nearest entry); a known outcome (unknown-outcome,
 * missing-outcome); an aim of that outcome (unknown-aim, aim-outside-outcome); an update needs
 * an action (update-without-action); an outcome + action once per return (duplicate-action);
 * no cell over MAX_CELL_TEXT (text-too-long); Status one of three words (unknown-status); a
 * catalogue ref in use in the period checked (laa-ref-out-of-period: its `from`/`until`).
 * A missing-laa-ref says what the officer wrote when the cell holds a "no ref" word ("N/A").
 *
 * Speed: a finding's cell address is looked up only when there is a finding; the length
 * checks read the fields directly; no closure per row.
 */
import { latestPeriod, type PartnershipConfig } from '../config/schema';
import { getGridContext } from '../grid/context';
import type { GridField } from '../grid/header';
import type { GridRow } from '../grid/types';
import { ComparisonIndex } from '../text/comparison-index';
import { comparisonKey } from '../text/normalise';
import { makeFinding, MAX_CELL_TEXT, type Finding, type MessageParams, type RuleId } from './rules';

/** What validation needs beyond the rows and the configuration. */
export interface ValidateOptions {
  /** The period checked (a period id, "2008-08"); by default the configuration's latest (latestPeriod). */
  period?: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2008-04" → "April 2008"; anything else as it is. */
function monthName(id: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(id);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${month} ${match[1]}` : id;
}

/** A row's cell for a finding: the field's own cell, else the Actions or Update cell. */
function findingAt(row: GridRow, field: GridField): { sheet: string; cell: string; rowId: string | null } {
  const cells = row.cells;
  return { sheet: row.sheet, cell: cells[field] ?? cells.action ?? cells.update ?? '', rowId: row.id };
}

function add(findings: Finding[], rule: RuleId, row: GridRow, field: GridField, params: MessageParams): void {
  findings.push(makeFinding(rule, findingAt(row, field), params));
}

export function validateRows(rows: readonly GridRow[], config: PartnershipConfig, options: ValidateOptions = {}): Finding[] {
  const context = getGridContext(config);
  const catalogue = context.catalogue;
  const findings: Finding[] = [];
  const actions = new ComparisonIndex<GridRow>();
  const outcomeNames = config.outcomes.map((o) => o.name).join(', ');
  const partnership = config.partnership.name;
  const period = options.period ?? latestPeriod(config).id;
  const periodLabel = config.periods.find((p) => p.id === period)?.label ?? monthName(period);
  const periodName = periodLabel === period ? period : `${periodLabel} (${period})`;

  for (const row of rows) {
    if (row.outcomeText.length > MAX_CELL_TEXT) add(findings, 'text-too-long', row, 'outcome', { length: row.outcomeText.length, limit: MAX_CELL_TEXT });
    if (row.aim.length > MAX_CELL_TEXT) add(findings, 'text-too-long', row, 'aim', { length: row.aim.length, limit: MAX_CELL_TEXT });
    if (row.laaRefsText.length > MAX_CELL_TEXT) add(findings, 'text-too-long', row, 'laaRef', { length: row.laaRefsText.length, limit: MAX_CELL_TEXT });
    if (row.action.length > MAX_CELL_TEXT) add(findings, 'text-too-long', row, 'action', { length: row.action.length, limit: MAX_CELL_TEXT });
    if (row.update.length > MAX_CELL_TEXT) add(findings, 'text-too-long', row, 'update', { length: row.update.length, limit: MAX_CELL_TEXT });
    if (row.action === '') {
      if (row.update !== '') add(findings, 'update-without-action', row, 'update', { row: row.row });
      continue;
    }
    const refs = row.laaRefs;
    if (refs.length === 0) {
      const written = row.laaRefsText.trim();
      add(findings, 'missing-laa-ref', row, 'laaRef', { row: row.row, written: written === '' ? '' : ` (the cell says "${written.slice(0, 40)}")` });
    }
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i]!;
      const entry = catalogue.entry(ref);
      if (entry === undefined) {
        add(findings, 'unknown-laa-ref', row, 'laaRef', { ref, partnership, suggestion: suggestionText(catalogue.suggest(ref), RANGE.test(ref)) });
      } else if ((entry.from !== undefined && period < entry.from) || (entry.until !== undefined && period > entry.until)) {
        add(findings, 'laa-ref-out-of-period', row, 'laaRef', { ref: entry.code, period: periodName, span: spanText(entry.from, entry.until) });
      }
    }
    const outcome = row.outcomeCode ? context.outcomeByCode(row.outcomeCode) : undefined;
    if (!outcome) {
      if (row.outcomeText === '') add(findings, 'missing-outcome', row, 'outcome', { row: row.row });
      else add(findings, 'unknown-outcome', row, 'outcome', { text: row.outcomeText, outcomes: outcomeNames });
    }
    if (row.aim !== '') {
      const aim = row.aimCode ? context.aimByCode(row.aimCode) : undefined;
      if (!aim) {
        add(findings, 'unknown-aim', row, 'aim', { text: row.aimCode ?? row.aim.slice(0, 80), outcome: outcome?.name ?? 'any outcome', example: outcome?.aims[0]?.code ?? 'S1' });
      } else if (outcome && aim.outcome.code !== outcome.code) {
        add(findings, 'aim-outside-outcome', row, 'aim', { aim: aim.aim.code, aimOutcome: aim.outcome.name, outcome: outcome.name });
      }
    }
    const first = actions.findOrAdd(row.outcomeCode ?? comparisonKey(row.outcomeText), row.action, row);
    if (first) add(findings, 'duplicate-action', row, 'action', { firstRow: first.row, outcome: row.outcome ?? row.outcomeText });
    if (row.statusText !== '' && row.status === null) add(findings, 'unknown-status', row, 'status', { text: row.statusText.slice(0, 40) });
  }
  return findings;
}

/** "CYP 1-3": a range of refs typed as one. */
const RANGE = /\d\s*[-–—]\s*[A-Za-z.]*\s*\d/;

/** " Did you mean CYP8?", " Did you mean CYP8 or NI 8?", for a range " Write each ref on its own: CYP1, CYP2, CYP3.", or ''. */
function suggestionText(suggestions: readonly string[], isRange: boolean): string {
  if (suggestions.length === 0) return '';
  if (isRange) return ` Write each ref of the range on its own: ${suggestions.join(', ')}.`;
  if (suggestions.length === 1) return ` Did you mean ${suggestions[0]}?`;
  return ` Did you mean ${suggestions.slice(0, -1).join(', ')} or ${suggestions[suggestions.length - 1]}?`;
}

/** "from April 2008", "until March 2008", "from April 2008 until March 2011". */
function spanText(from: string | undefined, until: string | undefined): string {
  if (from !== undefined && until !== undefined) return `from ${monthName(from)} until ${monthName(until)}`;
  return from !== undefined ? `from ${monthName(from)}` : `until ${monthName(until ?? '')}`;
}
