/**
 * Matching an uploaded workbook's rows to the rows the district already has, so a row's
 * history stays continuous from one upload (or sync) to the next.
 *
 * Rules, in order:
 * - a row carrying a Row ID (the add-in's hidden column) that the store knows is that row;
 * - otherwise a row matches a stored row of the same outcome and action (compared without
 *   case, spacing or punctuation), live rows before deleted ones, first come first served;
 * - an unmatched row is new: it keeps its Row ID when it has an unused one, else gets a fresh UUID;
 * - a stored live row that nothing matched is no longer in the return: it is deleted;
 * - a matched row whose content is the same is left alone (no new version, no history).
 */
import { comparisonKey, type RowPayload, type StoredRow } from '../../shared';
import type { UploadRow } from './types';

export type UploadOperation =
  | { kind: 'insert'; id: string; row: RowPayload }
  | { kind: 'update'; existing: StoredRow; row: RowPayload }
  | { kind: 'unchanged'; existing: StoredRow }
  | { kind: 'delete'; existing: StoredRow };

function matchKey(row: RowPayload): string {
  return `${comparisonKey(row.outcome)}\u0000${comparisonKey(row.action)}`;
}

/** Same content, ignoring where in the workbook the row sits this time. */
export function isSameContent(a: RowPayload, b: RowPayload): boolean {
  return (
    a.outcome === b.outcome &&
    a.aim === b.aim &&
    a.action === b.action &&
    a.update === b.update &&
    a.status === b.status &&
    a.laaRefs.length === b.laaRefs.length &&
    a.laaRefs.every((ref, i) => ref === b.laaRefs[i])
  );
}

export function planUpload(existing: readonly StoredRow[], incoming: readonly UploadRow[], newId: () => string): UploadOperation[] {
  const byId = new Map(existing.map((row) => [row.id, row]));
  const byKey = new Map<string, StoredRow[]>();
  // Live rows first, so a match prefers the row the district currently has.
  const ordered = [...existing].sort((a, b) => Number(a.deleted) - Number(b.deleted));
  for (const row of ordered) {
    const key = matchKey(row.row);
    const list = byKey.get(key) ?? [];
    list.push(row);
    byKey.set(key, list);
  }
  const claimed = new Set<string>();
  const newIds = new Set<string>();
  const operations: UploadOperation[] = [];
  for (const { id, row } of incoming) {
    let match = id !== null ? byId.get(id) : undefined;
    if (match && claimed.has(match.id)) match = undefined;
    if (!match) match = byKey.get(matchKey(row))?.find((candidate) => !claimed.has(candidate.id));
    if (!match) {
      const fresh = id !== null && !byId.has(id) && !newIds.has(id) ? id : newId();
      newIds.add(fresh);
      operations.push({ kind: 'insert', id: fresh, row });
      continue;
    }
    claimed.add(match.id);
    if (!match.deleted && isSameContent(match.row, row)) operations.push({ kind: 'unchanged', existing: match });
    else operations.push({ kind: 'update', existing: match, row });
  }
  for (const row of existing) {
    if (!row.deleted && !claimed.has(row.id)) operations.push({ kind: 'delete', existing: row });
  }
  return operations;
}
