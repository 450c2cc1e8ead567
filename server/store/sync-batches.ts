/**
 * Applying a district's sync batch to its rows, and the stored answer that makes a repeated
 * batchId idempotent (the `batches` table). Runs inside a group-commit savepoint.
 *
 * Batch ids are scoped per district (the table's key is district + batch id). A batch id seen
 * before is replayed only when the batch is the same one (same period, same digest of the
 * canonical changes); otherwise it is refused with 409 `batch-id-reused`.
 */
import { AppError, ErrorKind, SyncResponse, type Finding, type StoredRow } from '../../shared';
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
    getBatch: db.prepare<[string, string], { response: string; period: string; digest: string | null }>(
      'SELECT response, period, digest FROM batches WHERE district = ? AND batch_id = ?',
    ),
    insertBatch: db.prepare('INSERT INTO batches (district, batch_id, period, response, created_at, digest) VALUES (?, ?, ?, ?, ?, ?)'),
  };
  return (batch, findingsFor) => {
    const previous = statements.getBatch.get(batch.district, batch.batchId);
    if (previous) {
      // Replaying the first answer to a different batch would drop its rows without a word.
      if (previous.period !== batch.period || (previous.digest !== null && previous.digest !== batch.digest)) {
        throw new AppError(
          ErrorKind.conflict,
          'batch-id-reused',
          `Batch id "${batch.batchId}" was already used by ${batch.district} for a different batch (other changes or another period). Nothing was stored. Give every new batch a new id (e.g. a random UUID); resend a batch only unchanged, with its own id.`,
          { batchId: batch.batchId },
        );
      }
      return { response: SyncResponse.parse(JSON.parse(previous.response)), isReplay: true };
    }

    const response: SyncResponse = { applied: [], conflicts: [], findings: [] };
    const base = { period: batch.period, district: batch.district, who: batch.who, at: batch.at, source: 'sync' as const, batchId: batch.batchId };
    const districtRows = rows.districtRows(batch.period, batch.district);
    for (const change of batch.changes) {
      const stored = districtRows.get(change.id);
      if (!stored && !('deleted' in change) && rows.isIdOfAnotherDistrict(change.id, batch.district)) {
        // A row id names one row of one district, so its history can never mix two districts.
        throw new AppError(
          ErrorKind.conflict,
          'row-id-of-another-district',
          `Row id ${change.id} is already used by another district. Nothing was stored. Give the row a new id (a new random UUID) and sync again.`,
          { id: change.id },
        );
      }
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
    statements.insertBatch.run(batch.district, batch.batchId, batch.period, JSON.stringify(response), batch.at, batch.digest);
    return { response, isReplay: false };
  };
}
