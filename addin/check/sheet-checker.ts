/**
 * Keeps one sheet checked while the officer works: each change event (typing, a paste, a
 * fill-down, a delete, several areas at once) restarts a short debounce; then one read, one
 * check, one paint. Changes that arrive during a check run it once more afterwards, so none is
 * missed and checks never overlap. Two context.syncs per check, whatever the change.
 */
import type { PartnershipConfig } from '../../shared';
import type { WorkbookPort } from '../excel/workbook-port';
import { checkGrid, type GridCheck } from './check-grid';

export interface SheetCheckerOptions {
  workbook: WorkbookPort;
  sheet: string;
  config: PartnershipConfig;
  newId: () => string;
  debounceMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  onChecked: (check: GridCheck) => void;
  onError: (error: unknown) => void;
}

export interface SheetChecker {
  readonly sheet: string;
  /** A change event arrived. */
  notifyChanged(): void;
  /** Check now (after any check under way); resolves with the result. */
  checkNow(): Promise<GridCheck>;
  stop(): void;
}

export function createSheetChecker(options: SheetCheckerOptions): SheetChecker {
  const { workbook, sheet, config } = options;
  const debounceMs = options.debounceMs ?? 300;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let timer: unknown = null;
  let running: Promise<GridCheck> | null = null;
  let isDirty = false;
  let isSetUp = false;
  let isStopped = false;

  async function runOnce(): Promise<GridCheck> {
    const grid = await workbook.readGrid(sheet);
    const check = checkGrid(grid, config, { newId: options.newId, isSetUp });
    if (check.paint) {
      await workbook.paintFindings(check.paint);
      isSetUp = true;
    }
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

  return {
    sheet,
    notifyChanged() {
      if (isStopped) return;
      if (timer !== null) clearTimer(timer);
      timer = setTimer(() => {
        timer = null;
        checkNow().catch(options.onError);
      }, debounceMs);
    },
    checkNow,
    stop() {
      isStopped = true;
      if (timer !== null) clearTimer(timer);
    },
  };
}
