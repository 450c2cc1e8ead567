/**
 * Keeps one sheet checked while the officer works: each change event (typing, a paste, a
 * fill-down, a delete, a sort, several areas at once) restarts a short debounce; then one read,
 * one check, and a paint only when something differs. A selection move restarts a longer
 * debounce, so a dropdown pick that raised no change event (Excel on the web) is still
 * checked. Changes that arrive during a check run it once more afterwards, so none is missed
 * and checks never overlap. At most two context.syncs per check, whatever the change.
 *
 * The sheet is held by its Worksheet.id, so the officer may rename it. A check that only
 * co-authors' changes led to gives no row a new id (their pane does). A protected sheet is
 * checked but not painted: the check says so (GridCheck.isProtected).
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
  /** A change event arrived; `isRemote` when a co-author made it. */
  notifyChanged(change?: { isRemote?: boolean }): void;
  /** The selection moved: check a little later, in case a dropdown pick raised no change. */
  notifySelection(): void;
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
  /** A local change (or a request) since the last check started: rows may get ids. */
  let hasLocalChange = true;

  async function runOnce(): Promise<GridCheck> {
    const assignIds = hasLocalChange;
    hasLocalChange = false;
    const grid = await workbook.readGrid(sheet);
    const check = checkGrid(grid, config, { newId: options.newId, assignIds: assignIds && !grid.isProtected });
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
      if (!change?.isRemote) hasLocalChange = true;
      schedule(debounceMs);
    },
    notifySelection() {
      // A pending change check is not pushed back by a selection move.
      if (timer === null) {
        hasLocalChange = true;
        schedule(selectionDebounceMs);
      }
    },
    checkNow() {
      hasLocalChange = true;
      return checkNow();
    },
    stop() {
      isStopped = true;
      if (timer !== null) clearTimer(timer);
    },
  };
}
