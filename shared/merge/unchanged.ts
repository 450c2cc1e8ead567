/**
 * Updates repeated from the previous period, for one district: what `check`, the task pane, the
 * officer's page and the sync answers show as `update-unchanged` warnings before the return is
 * sent, by the same rule the master uses to leave them out of the board's copy
 * (merge-returns.ts; seed 001 §3.4: the board reads "the actions over and above what was
 * already being achieved").
 *
 * A row's update is unchanged when, compared by comparisonKey (case, spacing and punctuation set
 * aside), it equals an update the same district gave on the same action (same outcome, same
 * comparisonKey of the action) in the previous period. Rows with no outcome, no action or no
 * update are never unchanged.
 */
import type { GridRow } from '../grid/types';
import { makeFinding, type Finding } from '../rules/rules';
import { comparisonKey } from '../text/normalise';

/** A district's updates of the previous period, by outcome and action: what a row is compared with. */
export type PreviousUpdates = ReadonlyMap<string, ReadonlySet<string>>;

/** An action's place in the index: its outcome code and the action's comparisonKey. */
const actionKey = (outcomeCode: string, actionComparisonKey: string) => `${outcomeCode}\u0000${actionComparisonKey}`;

/** Indexes one district's rows of the previous period (rows with no outcome, action or update are left out). */
export function indexPreviousUpdates(rows: Iterable<Pick<GridRow, 'outcomeCode' | 'action' | 'update'>>): PreviousUpdates {
  const earlier = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.outcomeCode === null) continue;
    // Compared by comparisonKey, so "empty" is by it too: an action of only "-" is no action, and
    // a row with no action this period can never match it.
    const action = comparisonKey(row.action);
    const update = comparisonKey(row.update);
    if (action === '' || update === '') continue;
    const key = actionKey(row.outcomeCode, action);
    const updates = earlier.get(key) ?? new Set<string>();
    updates.add(update);
    earlier.set(key, updates);
  }
  return earlier;
}

/**
 * The `update-unchanged` findings of `rows` (one district's return) against `previous` (the same
 * district's updates of the previous period, from indexPreviousUpdates), in the order of `rows`.
 * `district` (its code) and `previousPeriod` (the period's label, e.g. "March 2008") are named
 * in the message. Each finding names the row's update cell (or its row, when the cell is not
 * known) and carries the row's id where it has one.
 */
export function findUnchangedUpdates(rows: Iterable<GridRow>, previous: PreviousUpdates, names: { district: string; previousPeriod: string }): Finding[] {
  const findings: Finding[] = [];
  // Stryker disable next-line ConditionalExpression: a speed shortcut; with no earlier updates nothing below can match.
  if (previous.size === 0) return findings;
  for (const row of rows) {
    // A row with no outcome, action or update has no key indexPreviousUpdates keeps, so it never
    // matches: the rule that such rows are never unchanged lives there, once.
    if (row.outcomeCode === null) continue;
    if (!previous.get(actionKey(row.outcomeCode, comparisonKey(row.action)))?.has(comparisonKey(row.update))) continue;
    findings.push(makeFinding('update-unchanged', { sheet: row.sheet, cell: row.cells.update ?? `A${row.row}`, rowId: row.id }, names));
  }
  return findings;
}
