/**
 * Applying a district's sync batch to its rows, and the stored answer that makes a repeated
 * batchId idempotent (the `batches` table). Runs inside a group-commit savepoint.
 */
import { SyncResponse, type Finding, type StoredRow } from '../../shared';
import type { SqliteDatabase } from './database';
import { parsePayload, type RowTables } from './rows';
import type { SyncBatch } from './types';

export interface SyncBatchResult {
  response: SyncResponse;
  isReplay: boolean;
}

/** Applies one batch; called inside a transaction and a unit of work (rows.beginWork). */
export function createSyncBatches(db: SqliteDatabase, rows: RowTables): (batch: SyncBatch, findingsFor: (rows: StoredRow[]) => Finding[]) => SyncBatchResult {
  const statements = {
    getBatch: db.prepare<[string, string], { response: string }>('SELECT response FROM batches WHERE district = ? AND batch_id = ?'),
    insertBatch: db.prepare('INSERT INTO batches (district, batch_id, period, response, created_at) VALUES (?, ?, ?, ?, ?)'),
  };
  return (batch, findingsFor) => {
    const previous = statements.getBatch.get(batch.district, batch.batchId);
    if (previous) return { response: SyncResponse.parse(JSON.parse(previous.response)), isReplay: true };

    const response: SyncResponse = { applied: [], conflicts: [], findings: [] };
    const base = { period: batch.period, district: batch.district, who: batch.who, at: batch.at, source: 'sync' as const, batchId: batch.batchId };
    const districtRows = rows.districtRows(batch.period, batch.district);
    for (const change of batch.changes) {
      const stored = districtRows.get(change.id);
      const storedVersion = stored?.version ?? 0;
      if (change.baseVersion !== storedVersion) {
        // Never overwrite what the client has not seen: hand back the stored row instead.
        response.conflicts.push({
          id: change.id,
          version: storedVersion,
          row: stored && !stored.deleted ? parsePayload(stored.data) : null,
        });
        continue;
      }
      const beforeJson = stored && !stored.deleted ? stored.data : null;
      if ('deleted' in change) {
        if (!stored || stored.deleted) {
          // Deleting what is not there (or already gone) changes nothing.
          response.applied.push({ id: change.id, version: storedVersion });
          continue;
        }
        rows.writeRow({ ...base, id: change.id, version: storedVersion + 1, row: null, beforeJson, isNew: false });
      } else {
        rows.writeRow({ ...base, id: change.id, version: storedVersion + 1, row: change.row, beforeJson, isNew: !stored });
      }
      response.applied.push({ id: change.id, version: storedVersion + 1 });
    }
    const live: StoredRow[] = [];
    // Read again: the first write to the district made its working copy.
    for (const row of rows.districtRows(batch.period, batch.district).values()) if (!row.deleted) live.push(row.stored);
    response.findings = findingsFor(live);
    statements.insertBatch.run(batch.district, batch.batchId, batch.period, JSON.stringify(response), batch.at);
    return { response, isReplay: false };
  };
}
