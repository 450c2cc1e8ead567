import type { PartnershipConfig } from '../config/schema';
import { RowPayload } from '../sync/protocol';
import { getGridContext } from './context';
import { parseAim } from './aims';
import type { GridRow } from './types';

/** The addresses a payload's cells may carry, dropped when not an A1 address (the schema's rule). */
const A1 = /^[A-Z]{1,3}[1-9]\d{0,6}$/;

/**
 * A synced row seen as a grid row, so the same rules run on the service as in the add-in.
 * The cells are the ones the client sent (`payload.cells`, the officer's own columns); for an
 * older client without them, columns A–F of the row it sent (`rowNumber`), the add-in's layout.
 */
export function gridRowFromPayload(payload: RowPayload, id: string, config: PartnershipConfig): GridRow {
  const context = getGridContext(config);
  const outcome = context.matchOutcome(payload.outcome);
  const row = payload.rowNumber ?? 0;
  // Used only when the row number is known (row > 0).
  const at = (column: string) => `${column}${row}`;
  return {
    sheet: payload.sheet ?? '',
    row,
    id,
    outcome: outcome?.name ?? null,
    outcomeCode: outcome?.code ?? null,
    outcomeText: payload.outcome,
    aim: payload.aim,
    // Stryker disable next-line ConditionalExpression: a speed shortcut, parseAim('') is code null too
    aimCode: payload.aim === '' ? null : parseAim(payload.aim, outcome, context).code,
    laaRefs: payload.laaRefs.map((ref) => context.catalogue.lookup(ref) ?? ref),
    laaRefsText: payload.laaRefs.join('\n'),
    action: payload.action,
    update: payload.update,
    status: payload.status,
    statusText: payload.status ?? '',
    extra: {},
    cells: payload.cells
      ? { ...payload.cells }
      : row > 0
        ? { outcome: at('A'), aim: at('B'), laaRef: at('C'), action: at('D'), update: at('E'), status: at('F') }
        : {},
  };
}

/**
 * A read grid row as the payload the service stores: the other direction of
 * gridRowFromPayload, used by the add-in before syncing and by the service for an upload.
 * Fails (with zod's issues) for a row the service would refuse: no known outcome, no action,
 * text over the cell limit.
 */
export function payloadFromGridRow(row: GridRow) {
  return RowPayload.safeParse({
    outcome: row.outcome ?? '',
    aim: row.aim,
    laaRefs: row.laaRefs,
    action: row.action,
    update: row.update,
    status: row.status,
    sheet: row.sheet.slice(0, 31),
    rowNumber: row.row > 0 ? row.row : undefined,
    cells: readCells(row),
  });
}

/** The row's cells as a payload carries them: only fields it has, only A1 addresses. */
function readCells(row: GridRow): RowPayload['cells'] {
  const cells: NonNullable<RowPayload['cells']> = {};
  for (const [field, address] of Object.entries(row.cells) as [keyof typeof cells, string | undefined][]) {
    if (address !== undefined && A1.test(address)) cells[field] = address;
  }
  return Object.keys(cells).length > 0 ? cells : undefined;
}
