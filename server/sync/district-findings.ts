/**
 * The findings of a district's rows after a sync batch: exactly
 * `sortFindings(validateRows(rows.map(gridRowFromPayload)))`, without redoing the work for rows
 * that did not change.
 *
 * A batch changes a few of the district's rows, but the findings cover all of them. The store
 * hands over the same StoredRow object until a row changes (its row cache), so:
 *   - each row becomes a grid row once, and is checked alone once (`validateRows([row])`);
 *     every rule but duplicate-action looks at one row only, so that is its findings;
 *   - duplicate-action is the one rule across rows, and it needs two rows with the same
 *     comparison key of the action (`comparisonKey`). Rows whose action key no other row has
 *     keep their findings from being checked alone; the rows that share a key are checked
 *     again together, in their order, which gives their findings as the full run would
 *     (a row's findings depend only on itself and the earlier rows with the same key).
 * The findings are then put back in row order, as the full run lists them, and sorted the same
 * way, so ties in the sort come out in the same order too.
 */
import {
  comparisonKey,
  gridRowFromPayload,
  sortFindings,
  validateRows,
  type Finding,
  type GridRow,
  type PartnershipConfig,
  type StoredRow,
} from '../../shared';

interface CheckedRow {
  id: string;
  grid: GridRow;
  actionKey: string;
  /** The row's findings when no other row shares its action key. */
  alone: Finding[];
}

export function createDistrictFindings(config: PartnershipConfig): (rows: readonly StoredRow[]) => Finding[] {
  const checked = new WeakMap<StoredRow, CheckedRow>();
  const check = (stored: StoredRow): CheckedRow => {
    let row = checked.get(stored);
    if (!row) {
      const grid = gridRowFromPayload(stored.row, stored.id, config);
      row = { id: stored.id, grid, actionKey: comparisonKey(grid.action), alone: validateRows([grid], config) };
      checked.set(stored, row);
    }
    return row;
  };
  const everything = (rows: readonly StoredRow[]) => sortFindings(validateRows(rows.map((r) => check(r).grid), config));

  return (rows) => {
    const list = rows.map(check);
    const keyCount = new Map<string, number>();
    const ids = new Set<string>();
    for (const row of list) {
      keyCount.set(row.actionKey, (keyCount.get(row.actionKey) ?? 0) + 1);
      ids.add(row.id);
    }
    // Findings are put back by row id; without one id per row, take the plain way.
    if (ids.size !== list.length || ids.has('')) return everything(rows);

    const sharing = list.filter((row) => (keyCount.get(row.actionKey) ?? 0) > 1);
    const together = new Map<string, Finding[]>();
    for (const finding of sharing.length > 0 ? validateRows(sharing.map((row) => row.grid), config) : []) {
      if (typeof finding.rowId !== 'string') return everything(rows);
      const forRow = together.get(finding.rowId);
      if (forRow) forRow.push(finding);
      else together.set(finding.rowId, [finding]);
    }
    const findings: Finding[] = [];
    for (const row of list) {
      const own = (keyCount.get(row.actionKey) ?? 0) > 1 ? together.get(row.id) : row.alone;
      if (own) findings.push(...own);
    }
    return sortFindings(findings);
  };
}
