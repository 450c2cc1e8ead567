/**
 * The plan for an uploaded workbook: which of the district's rows it adds, changes, leaves,
 * would delete, and which it cannot apply because the service has a newer edit (conflicts).
 * Pure: no clock, no store; the store applies what the plan says (server/store/uploads.ts).
 *
 * Three versions of a row meet here (a three-way merge, as in version control):
 * - `stored`: the row as the service has it now (the add-in or another upload may have changed it);
 * - `base`: the row as the district's workbook last had it, i.e. as the last upload (or the
 *   "my return" download) left it, kept per district and period by the store;
 * - `incoming`: the row in the workbook being uploaded.
 *
 * Matching, in order:
 * - a row carrying a Row ID (the add-in's or "my return"'s hidden column) the store knows is that row;
 * - otherwise a row with the outcome + action (compared without case, spacing or punctuation)
 *   of a base row is that row, so a row whose action the add-in has since reworded still matches;
 * - otherwise the outcome + action of a stored row, live rows before deleted ones, first come first served;
 * - an unmatched row is new: it keeps its Row ID when it has an unused one, else gets a fresh UUID.
 *
 * Per matched row, cell by cell (outcome, aim, LAA refs, action, update, status):
 * - the workbook's cell equals the base: the workbook did not change it, the stored value stands;
 * - the stored cell equals the base: only the workbook changed it, the workbook's value is taken;
 * - both changed it to the same value: nothing to do;
 * - both changed it differently: a conflict. A row with any conflicting cell is not applied at all.
 * With no base for the row (never uploaded: it was made through the add-in), every cell that
 * differs from the stored row is a conflict: the service's version may be newer than the workbook.
 * A stored row the service has deleted is left deleted when the workbook did not change it since
 * the base, and is a conflict when it did (or when there is no base).
 *
 * A stored live row that nothing matched is a deletion: listed in the plan and applied only when
 * the officer confirms. When the stored row changed since the base, deleting it would throw away
 * that newer edit: a conflict instead.
 */
import { comparisonKey, type RowPayload, type StoredRow } from '../../shared';
import type { UploadRow } from './types';

/** The cells a three-way merge compares, by the payload's field names. */
export const MERGED_FIELDS = ['outcome', 'aim', 'laaRefs', 'action', 'update', 'status'] as const;
export type MergedField = (typeof MERGED_FIELDS)[number];

/** Why a row cannot be applied: both sides changed a cell, or one side deleted what the other changed. */
export type ConflictReason = 'both-changed' | 'changed-since-workbook' | 'deleted-on-service' | 'changed-on-service';

export type PlanEntry =
  /** A row new to the service. */
  | { kind: 'add'; id: string; row: RowPayload }
  /** A stored row taking the workbook's cells (`fields`); `row` is the merged result. */
  | { kind: 'change'; existing: StoredRow; row: RowPayload; fields: MergedField[]; incoming: RowPayload }
  /** Nothing to store: the same, or only the service changed it since the base (`isServiceNewer`). */
  | { kind: 'leave'; existing: StoredRow; isServiceNewer: boolean; incoming: RowPayload }
  /** A live stored row the workbook no longer has; stored only with the officer's confirmation. */
  | { kind: 'delete'; existing: StoredRow }
  /** Not applied: `fields` are the cells both sides changed (empty for a deletion against an edit). */
  | { kind: 'conflict'; existing: StoredRow; incoming: RowPayload | null; fields: MergedField[]; reason: ConflictReason };

function matchKey(row: Pick<RowPayload, 'outcome' | 'action'>): string {
  return `${comparisonKey(row.outcome)}\u0000${comparisonKey(row.action)}`;
}

function isSameCell(a: RowPayload, b: RowPayload, field: MergedField): boolean {
  if (field === 'laaRefs') return a.laaRefs.length === b.laaRefs.length && a.laaRefs.every((ref, i) => ref === b.laaRefs[i]);
  return a[field] === b[field];
}

/** Same content, ignoring where in the workbook the row sits this time. */
export function isSameContent(a: RowPayload, b: RowPayload): boolean {
  return MERGED_FIELDS.every((field) => isSameCell(a, b, field));
}

/** The cells where two versions of a row differ. */
export function changedFields(from: RowPayload, to: RowPayload): MergedField[] {
  return MERGED_FIELDS.filter((field) => !isSameCell(from, to, field));
}

type MergeResult =
  | { kind: 'same' }
  | { kind: 'service-newer' }
  | { kind: 'merged'; row: RowPayload; fields: MergedField[] }
  | { kind: 'conflict'; fields: MergedField[] };

/** Cell-by-cell three-way merge of a live stored row (rules in the header). */
function mergeRow(stored: RowPayload, base: RowPayload | undefined, incoming: RowPayload): MergeResult {
  const differing = changedFields(stored, incoming);
  if (differing.length === 0) return { kind: 'same' };
  if (base === undefined) return { kind: 'conflict', fields: differing };
  const conflicts: MergedField[] = [];
  const taken: MergedField[] = [];
  for (const field of differing) {
    if (isSameCell(incoming, base, field)) continue;
    if (isSameCell(stored, base, field)) taken.push(field);
    else conflicts.push(field);
  }
  if (conflicts.length > 0) return { kind: 'conflict', fields: conflicts };
  if (taken.length === 0) return { kind: 'service-newer' };
  const row: RowPayload = { ...stored, sheet: incoming.sheet, rowNumber: incoming.rowNumber };
  for (const field of taken) Object.assign(row, { [field]: incoming[field] });
  return { kind: 'merged', row, fields: taken };
}

/**
 * The plan for one upload. `existing` is every stored row of the district for the period (deleted
 * ones too); `base` the rows as the district's workbook last had them, by row id; `newId` makes
 * ids for added rows. Entries come in the workbook's order, then the deletions and their conflicts.
 */
export function planUpload(
  existing: readonly StoredRow[],
  incoming: readonly UploadRow[],
  base: ReadonlyMap<string, RowPayload>,
  newId: () => string,
): PlanEntry[] {
  const byId = new Map(existing.map((row) => [row.id, row]));
  const byKey = new Map<string, StoredRow[]>();
  const addKey = (key: string, row: StoredRow) => {
    const list = byKey.get(key) ?? [];
    if (!list.includes(row)) list.push(row);
    byKey.set(key, list);
  };
  // Base rows first (the workbook's own earlier text), then live rows, then deleted ones.
  for (const [id, row] of base) {
    const stored = byId.get(id);
    if (stored) addKey(matchKey(row), stored);
  }
  const ordered = [...existing].sort((a, b) => Number(a.deleted) - Number(b.deleted));
  for (const row of ordered) addKey(matchKey(row.row), row);

  const claimed = new Set<string>();
  const newIds = new Set<string>();
  const plan: PlanEntry[] = [];
  for (const { id, row } of incoming) {
    let match = id !== null ? byId.get(id) : undefined;
    if (match && claimed.has(match.id)) match = undefined;
    if (!match) match = byKey.get(matchKey(row))?.find((candidate) => !claimed.has(candidate.id));
    if (!match) {
      const fresh = id !== null && !byId.has(id) && !newIds.has(id) ? id : newId();
      newIds.add(fresh);
      plan.push({ kind: 'add', id: fresh, row });
      continue;
    }
    claimed.add(match.id);
    const baseRow = base.get(match.id);
    if (match.deleted) {
      if (baseRow !== undefined && isSameContent(baseRow, row)) plan.push({ kind: 'leave', existing: match, isServiceNewer: true, incoming: row });
      else plan.push({ kind: 'conflict', existing: match, incoming: row, fields: [], reason: 'deleted-on-service' });
      continue;
    }
    const merged = mergeRow(match.row, baseRow, row);
    if (merged.kind === 'same') plan.push({ kind: 'leave', existing: match, isServiceNewer: false, incoming: row });
    else if (merged.kind === 'service-newer') plan.push({ kind: 'leave', existing: match, isServiceNewer: true, incoming: row });
    else if (merged.kind === 'merged') plan.push({ kind: 'change', existing: match, row: merged.row, fields: merged.fields, incoming: row });
    else plan.push({ kind: 'conflict', existing: match, incoming: row, fields: merged.fields, reason: baseRow === undefined ? 'changed-on-service' : 'both-changed' });
  }
  for (const row of existing) {
    if (row.deleted || claimed.has(row.id)) continue;
    const baseRow = base.get(row.id);
    if (baseRow !== undefined && !isSameContent(baseRow, row.row)) {
      plan.push({ kind: 'conflict', existing: row, incoming: null, fields: changedFields(baseRow, row.row), reason: 'changed-since-workbook' });
    } else {
      plan.push({ kind: 'delete', existing: row });
    }
  }
  return plan;
}

/**
 * The base to keep after an upload is stored: what the district's workbook now has, by row id.
 * Rows added, changed or left take the workbook's content; a conflicting row keeps its old base
 * (so the same workbook uploaded again shows the same conflict rather than quietly losing it);
 * deleted rows (`isConfirmed`) leave the base; deletions not confirmed keep theirs.
 */
export function nextBase(previous: ReadonlyMap<string, RowPayload>, plan: readonly PlanEntry[], isConfirmed: boolean): Map<string, RowPayload> {
  const next = new Map(previous);
  for (const entry of plan) {
    if (entry.kind === 'add') next.set(entry.id, entry.row);
    else if (entry.kind === 'change' || entry.kind === 'leave') next.set(entry.existing.id, entry.incoming);
    else if (entry.kind === 'delete' && isConfirmed) next.delete(entry.existing.id);
  }
  return next;
}
