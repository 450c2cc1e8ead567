/**
 * Grid rows → what the sync protocol carries. A row the service would refuse (no known
 * outcome, or a field over the protocol's limits) is held back and counted, so one unfinished
 * row never blocks the batch that carries the others; its finding is already in the pane.
 */
import { payloadFromGridRow, type GridRow } from '../../shared';
import type { SheetRow } from '../sync/sync-client';

export interface SheetRows {
  rows: SheetRow[];
  heldBack: number;
}

export function toSheetRows(rows: readonly GridRow[]): SheetRows {
  const out: SheetRow[] = [];
  let heldBack = 0;
  for (const row of rows) {
    if (!row.id || row.outcome === null || row.action === '') {
      heldBack++;
      continue;
    }
    const parsed = payloadFromGridRow(row);
    if (parsed.success) out.push({ id: row.id, row: parsed.data });
    else heldBack++;
  }
  return { rows: out, heldBack };
}
