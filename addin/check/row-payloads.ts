/**
 * Grid rows → what the sync protocol carries. A row the service would refuse (no row id yet,
 * no known outcome, no action, or a field over the protocol's limits) is held back, with the
 * reason, so one unfinished row never blocks the batch that carries the others; the pane says
 * which rows wait and why.
 */
import { payloadFromGridRow, type GridRow } from '../../shared';
import type { SheetRow } from '../sync/sync-client';

export interface HeldRow {
  /** 1-based sheet row. */
  row: number;
  reason: 'no row id yet' | 'no known outcome' | 'no action' | 'a field the service would refuse';
}

export interface SheetRows {
  rows: SheetRow[];
  heldBack: number;
  held: HeldRow[];
}

export function toSheetRows(rows: readonly GridRow[]): SheetRows {
  const out: SheetRow[] = [];
  const held: HeldRow[] = [];
  for (const row of rows) {
    const reason = !row.id ? 'no row id yet' : row.outcome === null ? 'no known outcome' : row.action === '' ? 'no action' : null;
    if (reason) {
      held.push({ row: row.row, reason });
      continue;
    }
    const parsed = payloadFromGridRow(row);
    if (parsed.success) out.push({ id: row.id!, row: parsed.data });
    else held.push({ row: row.row, reason: 'a field the service would refuse' });
  }
  return { rows: out, heldBack: held.length, held };
}
