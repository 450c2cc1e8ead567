/**
 * Keeps one sheet checked while the officer works: each change event (typing, a paste, a
 * fill-down, a delete, a sort, several areas at once) restarts a short debounce; then one read,
 * one check, and a paint only when something differs. A selection move restarts a longer
 * debounce, so a dropdown pick that raised no change event (Excel on the web) is still
 * checked. Changes that arrive during a check run it once more afterwards, so none is missed
 * and checks never overlap. At most two context.syncs per check, whatever the change.
 *
 * The sheet is held by its Worksheet.id, so the officer may rename it. New row ids go only to
 * the rows the officer changed (the change events' addresses, and the cells the selection
 * left, where a dropdown pick may have raised no event); a co-author's rows get theirs from
 * the co-author's pane. A check the pane asks for (checkNow) may give every row an id. A
 * protected sheet is checked but not painted: the check says so (GridCheck.isProtected).
 */
import type { PartnershipConfig } from '../../shared';
import type { WorkbookPort } from '../excel/workbook-port';
import { checkGrid, type GridCheck } from './check-grid';

export interface SheetCheckerOptions {
  workbook: WorkbookPort;
  /** Worksheet.id (a name works too, until the sheet is renamed). */
  sheet: string;
  config: PartnershipConfig;
  newId: () => string;
  debounceMs?: number;
  /** The wait after a selection move (a dropdown pick on the web); default 3 × debounceMs. */
  selectionDebounceMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  onChecked: (check: GridCheck) => void;
  onError: (error: unknown) => void;
}

export interface SheetChecker {
  readonly sheet: string;
  /** A change event arrived; `isRemote` when a co-author made it; `address` the changed cells. */
  notifyChanged(change?: { isRemote?: boolean; address?: string }): void;
  /** The selection moved to `address`: check a little later, in case a dropdown pick raised no change. */
  notifySelection(address?: string): void;
  /** Check now (after any check under way); resolves with the result. */
  checkNow(): Promise<GridCheck>;
  stop(): void;
}

export function createSheetChecker(options: SheetCheckerOptions): SheetChecker {
  const { workbook, sheet, config } = options;
  const debounceMs = options.debounceMs ?? 300;
  const selectionDebounceMs = options.selectionDebounceMs ?? debounceMs * 3;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let timer: unknown = null;
  let running: Promise<GridCheck> | null = null;
  let isDirty = false;
  let isStopped = false;
  /** The rows the officer changed since the last check started ('all': any row may get an id). */
  let changedRows: Set<number> | 'all' = 'all';
  let lastSelection: string | null = null;

  function addRows(address: string | undefined): void {
    if (changedRows === 'all') return;
    const rows = rowsOf(address);
    if (rows === 'all') changedRows = 'all';
    else for (const row of rows) changedRows.add(row);
  }

  async function runOnce(): Promise<GridCheck> {
    const scope = changedRows;
    changedRows = new Set();
    const grid = await workbook.readGrid(sheet);
    const check = checkGrid(grid, config, { newId: options.newId, assignIds: grid.isProtected ? false : scope === 'all' ? true : scope });
    if (check.paint && !check.isProtected) await workbook.paintFindings(check.paint);
    return check;
  }

  function checkNow(): Promise<GridCheck> {
    if (running) {
      isDirty = true;
      return running;
    }
    running = (async () => {
      let check: GridCheck;
      do {
        isDirty = false;
        check = await runOnce();
        if (!isStopped) options.onChecked(check);
      } while (isDirty && !isStopped);
      return check;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(ms: number): void {
    if (isStopped) return;
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      checkNow().catch(options.onError);
    }, ms);
  }

  return {
    sheet,
    notifyChanged(change) {
      if (!change?.isRemote) addRows(change?.address);
      schedule(debounceMs);
    },
    notifySelection(address) {
      // The cell the officer leaves may hold a dropdown pick that raised no change event.
      addRows(lastSelection ?? address);
      lastSelection = address ?? null;
      // A pending change check is not pushed back by a selection move.
      if (timer === null) schedule(selectionDebounceMs);
    },
    checkNow() {
      changedRows = 'all';
      return checkNow();
    },
    stop() {
      isStopped = true;
      if (timer !== null) clearTimer(timer);
    },
  };
}

const MAX_TRACKED_ROWS = 100_000;

/**
 * The 1-based rows an event address covers ("A5:E6", "5:6", "A5:B6,D9", "Sheet1!C7"); 'all'
 * for whole columns, very tall ranges or an address it cannot read.
 */
export function rowsOf(address: string | undefined): Set<number> | 'all' {
  if (!address) return 'all';
  const rows = new Set<number>();
  for (const area of address.split(',')) {
    const local = area.slice(area.lastIndexOf('!') + 1).replace(/\$/g, '').trim();
    const match = /^[A-Z]*(\d+)(?::[A-Z]*(\d+))?$/i.exec(local);
    if (!match) return 'all';
    const first = Number(match[1]);
    const last = Number(match[2] ?? match[1]);
    if (last - first > MAX_TRACKED_ROWS) return 'all';
    for (let row = Math.min(first, last); row <= Math.max(first, last); row++) rows.add(row);
  }
  return rows;
}
