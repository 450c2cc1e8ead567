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
 *
 * LAA refs are checked against the codes in use in the period synced (`period`, a period id such
 * as "2008-08"; default the configuration's latest), so a row's findings depend on the period:
 * each period keeps its own cache.
 */
import {
  comparisonKey,
  gridRowFromPayload,
  latestPeriod,
  sortFindings,
  validateRows,
  type Finding,
  type GridRow,
  type PartnershipConfig,
  type StoredRow,
} from '../../shared';
import { findUnchangedUpdates, indexPreviousUpdates, type PreviousUpdates } from '../../shared/merge';

interface CheckedRow {
  id: string;
  grid: GridRow;
  actionKey: string;
  /** The row's findings when no other row shares its action key. */
  alone: Finding[];
}

/**
 * The same district's live rows of the previous period, so an update repeated from it is an
 * `update-unchanged` warning (shared/merge/unchanged.ts) before the return reaches the master.
 */
export interface PreviousRows {
  district: string;
  /** The previous period's label, e.g. "March 2008", named in the message. */
  periodLabel: string;
  rows: readonly StoredRow[];
}

export interface DistrictFindings {
  /** Every finding of the district's live rows, as the full run gives them (with update-unchanged when `previous` is given). */
  all(rows: readonly StoredRow[], period?: string, previous?: PreviousRows): Finding[];
  /**
   * The findings of the rows named by `ids` and of the rows sharing an action with them (the
   * only rows a change to them can give or take a duplicate-action finding), as `all` would
   * list them for those rows. What a sync answer carries: bounded by the batch, not the district.
   * `rows` are the district's live rows in table order, or only those among `ids` and sharing
   * their actions (SyncStore.liveRowsSharingAction): the answer is the same.
   */
  ofRows(rows: readonly StoredRow[], ids: ReadonlySet<string>, period?: string, previous?: PreviousRows): Finding[];
}

/** Action texts whose comparison key is kept; past this the memo starts again. */
const MAX_ACTION_KEYS = 10_000;
/** Checked rows kept per period (about 2 KB each); past this the cache starts again. */
const MAX_CHECKED_ROWS = 20_000;

export function createDistrictFindings(config: PartnershipConfig): DistrictFindings {
  // A row changed by a sync nearly always keeps its action and changes its update: the action's
  // comparison key (Unicode folding and a regex, 0.7 µs for a 90-character action) is worked
  // out once per text, not once per change.
  const actionKeys = new Map<string, string>();
  const actionKeyOf = (action: string): string => {
    let key = actionKeys.get(action);
    if (key === undefined) {
      if (actionKeys.size >= MAX_ACTION_KEYS) actionKeys.clear();
      key = comparisonKey(action);
      actionKeys.set(action, key);
    }
    return key;
  };
  const checkersByPeriod = new Map<string, { check: (stored: StoredRow) => CheckedRow; validate: (rows: GridRow[]) => Finding[] }>();
  const checkerFor = (period: string = latestPeriod(config).id) => {
    let checker = checkersByPeriod.get(period);
    if (!checker) {
      // By row id, with the StoredRow it was made from: a changed row is a new StoredRow and
      // replaces its entry. (A WeakMap keyed by the StoredRow grew an entry per change, and its
      // entries cost the garbage collector more than a Map's.)
      const checked = new Map<string, { stored: StoredRow; row: CheckedRow }>();
      const validate = (rows: GridRow[]) => validateRows(rows, config, { period });
      const check = (stored: StoredRow): CheckedRow => {
        const known = checked.get(stored.id);
        if (known !== undefined && known.stored === stored) return known.row;
        const grid = gridRowFromPayload(stored.row, stored.id, config);
        const row = { id: stored.id, grid, actionKey: actionKeyOf(grid.action), alone: validate([grid]) };
        if (known === undefined && checked.size >= MAX_CHECKED_ROWS) checked.clear();
        checked.set(stored.id, { stored, row });
        return row;
      };
      checker = { check, validate };
      checkersByPeriod.set(period, checker);
    }
    return checker;
  };

  // The previous period's rows change rarely: their index is kept while the same rows are given.
  const previousGrid = new WeakMap<StoredRow, GridRow>();
  const previousIndexes = new Map<string, { rows: readonly StoredRow[]; index: PreviousUpdates }>();
  const unchangedOf = (rows: Iterable<GridRow>, previous: PreviousRows | undefined): Finding[] => {
    if (!previous || previous.rows.length === 0) return [];
    const key = `${previous.district}\u0000${previous.periodLabel}`;
    let known = previousIndexes.get(key);
    if (!known || known.rows.length !== previous.rows.length || known.rows.some((row, i) => row !== previous.rows[i])) {
      const grids = previous.rows.map((stored) => {
        let grid = previousGrid.get(stored);
        if (!grid) {
          grid = gridRowFromPayload(stored.row, stored.id, config);
          previousGrid.set(stored, grid);
        }
        return grid;
      });
      known = { rows: [...previous.rows], index: indexPreviousUpdates(grids) };
      previousIndexes.set(key, known);
    }
    return findUnchangedUpdates(rows, known.index, { district: previous.district, previousPeriod: previous.periodLabel });
  };
  const withUnchanged = (findings: Finding[], rows: Iterable<GridRow>, previous: PreviousRows | undefined): Finding[] => {
    const unchanged = unchangedOf(rows, previous);
    return unchanged.length === 0 ? findings : sortFindings([...findings, ...unchanged]);
  };

  const all = (rows: readonly StoredRow[], period?: string, previous?: PreviousRows): Finding[] => {
    const { check } = checkerFor(period);
    return withUnchanged(allRules(rows, period), rows.map((r) => check(r).grid), previous);
  };

  const allRules = (rows: readonly StoredRow[], period?: string): Finding[] => {
    const { check, validate } = checkerFor(period);
    const everything = () => sortFindings(validate(rows.map((r) => check(r).grid)));
    const list = rows.map(check);
    const keyCount = new Map<string, number>();
    const ids = new Set<string>();
    for (const row of list) {
      keyCount.set(row.actionKey, (keyCount.get(row.actionKey) ?? 0) + 1);
      ids.add(row.id);
    }
    // Findings are put back by row id; without one id per row, take the plain way.
    if (ids.size !== list.length || ids.has('')) return everything();

    const sharing = list.filter((row) => (keyCount.get(row.actionKey) ?? 0) > 1);
    const together = new Map<string, Finding[]>();
    for (const finding of sharing.length > 0 ? validate(sharing.map((row) => row.grid)) : []) {
      if (typeof finding.rowId !== 'string') return everything();
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

  const ofRows = (rows: readonly StoredRow[], ids: ReadonlySet<string>, period?: string, previous?: PreviousRows): Finding[] => {
    const { check, validate } = checkerFor(period);
    const list = rows.map(check);
    const keys = new Set<string>();
    for (const row of list) if (ids.has(row.id)) keys.add(row.actionKey);
    // The batch's rows and every row whose action key one of them has, in the district's order.
    const involved = list.filter((row) => keys.has(row.actionKey));
    const keyCount = new Map<string, number>();
    for (const row of involved) keyCount.set(row.actionKey, (keyCount.get(row.actionKey) ?? 0) + 1);
    const sharing = involved.filter((row) => (keyCount.get(row.actionKey) ?? 0) > 1);
    const together = new Map<string, Finding[]>();
    for (const finding of sharing.length > 0 ? validate(sharing.map((row) => row.grid)) : []) {
      const rowId = typeof finding.rowId === 'string' ? finding.rowId : '';
      together.set(rowId, [...(together.get(rowId) ?? []), finding]);
    }
    // Put back in row order, as `all` does, so ties in the sort come out the same.
    const findings: Finding[] = [];
    for (const row of involved) {
      const own = (keyCount.get(row.actionKey) ?? 0) > 1 ? together.get(row.id) : row.alone;
      if (own) findings.push(...own);
    }
    return withUnchanged(
      sortFindings(findings),
      involved.filter((row) => ids.has(row.id)).map((row) => row.grid),
      previous,
    );
  };
  return { all, ofRows };
}

/**
 * District findings over whatever configuration `getConfig()` gives now. The coordinator's page
 * changes the service's configuration (an LAA ref added, or retired from a period), so a new
 * configuration object starts new caches and a sync's findings follow the catalogue at once.
 */
export function createLiveDistrictFindings(getConfig: () => PartnershipConfig): DistrictFindings {
  let config = getConfig();
  let findings = createDistrictFindings(config);
  const current = (): DistrictFindings => {
    const now = getConfig();
    if (now !== config) {
      config = now;
      findings = createDistrictFindings(now);
    }
    return findings;
  };
  return {
    all: (rows, period, previous) => current().all(rows, period, previous),
    ofRows: (rows, ids, period, previous) => current().ofRows(rows, ids, period, previous),
  };
}
