/**
 * The sync client's state as stored (one JSON document per service, district key and period,
 * so one setItem is one atomic step): what the service last acknowledged for each row, the
 * outbox of changes waiting (keyed by row id, so repeated edits of a row coalesce), the batch
 * in flight (persisted before it is sent, so a retry after a crash reuses its batchId), and the
 * conflicts the officer has to decide. Parsed with zod when read back: storage is a boundary.
 */
import { z } from 'zod';
import { Change, RowPayload } from '../../shared';

export const AckedRow = z.object({
  version: z.number().int().min(0),
  /** Hash of the content last acknowledged (see hashRow), so unchanged rows are not re-sent. */
  hash: z.string(),
  deleted: z.boolean(),
  sheet: z.string(),
});
export type AckedRow = z.infer<typeof AckedRow>;

export const OutboxEntry = z.object({
  /** null: the row was deleted from the sheet. */
  row: RowPayload.nullable(),
  sheet: z.string(),
  queuedAt: z.string(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const Inflight = z.object({
  batchId: z.string(),
  changes: z.array(Change),
  sheets: z.record(z.string(), z.string()),
  firstSentAt: z.string(),
});
export type Inflight = z.infer<typeof Inflight>;

export const Conflict = z.object({
  id: z.string(),
  /** What the officer's sheet holds (null: they deleted the row). */
  mine: RowPayload.nullable(),
  /** What the service holds (null: deleted there). */
  theirs: RowPayload.nullable(),
  version: z.number().int().min(0),
  sheet: z.string(),
});
export type Conflict = z.infer<typeof Conflict>;

export const SyncProblem = z.object({
  kind: z.enum(['offline', 'server', 'refused']),
  message: z.string(),
});
export type SyncProblem = z.infer<typeof SyncProblem>;

export const SyncState = z.object({
  version: z.literal(1),
  period: z.string(),
  rows: z.record(z.string(), AckedRow),
  outbox: z.record(z.string(), OutboxEntry),
  inflight: Inflight.nullable(),
  conflicts: z.record(z.string(), Conflict),
  lastSyncedAt: z.string().nullable(),
  failures: z.number().int().min(0),
  nextAttemptAt: z.string().nullable(),
  problem: SyncProblem.nullable(),
});
export type SyncState = z.infer<typeof SyncState>;

export function emptyState(period: string): SyncState {
  return {
    version: 1,
    period,
    rows: {},
    outbox: {},
    inflight: null,
    conflicts: {},
    lastSyncedAt: null,
    failures: 0,
    nextAttemptAt: null,
    problem: null,
  };
}

/**
 * A short fingerprint of what a row says (outcome, aim, refs, action, update, status). The
 * row's position in the sheet is left out: sorting the sheet is not a change to send.
 */
export function hashRow(row: RowPayload | null): string {
  if (row === null) return 'deleted';
  const text = JSON.stringify([row.outcome, row.aim, row.laaRefs, row.action, row.update, row.status]);
  // FNV-1a, twice with different seeds: cheap, and 64 bits is plenty for one district's rows.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${text.length}`;
}
