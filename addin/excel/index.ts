/** The add-in's door to Excel: what the task pane may use. Nothing here leaks Office types. */
import { createExcelWorkbook } from './excel-workbook';
import { waitForOfficeHost } from './office-host';
import type { WorkbookPort } from './workbook-port';

export type { CellGrid, CellText, ColumnWrite, NewReturnRow, NewReturnSheet, SheetEvent, SheetPaint, SheetRef, WorkbookPort } from './workbook-port';
export { SheetProtectedError } from './workbook-port';

export interface ConnectedWorkbook {
  workbook: WorkbookPort;
  partitionKey: string | null;
  kind: 'Excel' | 'stand-in';
}

/** Waits for Office once; null when the page runs outside Excel. */
export async function connectWorkbook(): Promise<ConnectedWorkbook | null> {
  const host = await waitForOfficeHost();
  if (!host) return null;
  return {
    workbook: createExcelWorkbook({ api: host.api, hasTriggerSource: host.hasTriggerSource, apiMinor: host.apiMinor }),
    partitionKey: host.partitionKey,
    kind: host.kind,
  };
}
