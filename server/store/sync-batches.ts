/**
 * Applying a district's sync batch to its rows, and the stored answer that makes a repeated
 * batchId idempotent (the `batches` table). Runs inside a group-commit savepoint.
 *
 * Batch ids are scoped per district (the table's key is district + batch id). A batch id seen
 * before is replayed only when the batch is the same one (same period, same digest of the
 * canonical changes); otherwise it is refused with 409 `batch-id-reused`.
 */
import { AppError, ErrorKind, SyncResponse } from '../../shared';
import type { SqliteDatabase } from './database';
import { parsePayload, type RowTables, type WriteRow } from './rows';
import type { BatchAnswer, SyncBatch } from './types';

/**
 * 413 when the batch takes the district past a quota and grows it. A district already over
 * (a quota lowered) may still edit and delete, so it can get back under.
 */
function refuseOverQuota(quotas: NonNullable<SyncBatch['quotas']>, before: { rows: number; characters: number }, after: { rows: number; characters: number }, period: string): void {
  if (after.rows > quotas.rowsPerPeriod && after.rows > before.rows) {
    throw new AppError(
      ErrorKind.tooLarge,
      'quota-rows',
      `This batch would give your district ${after.rows} rows for ${period}; the limit is ${quotas.rowsPerPeriod}. Nothing was stored. A return this long is not one the board can read: delete rows you no longer need, or ask the coordinator to raise quotas.rowsPerPeriod.`,
      { limit: quotas.rowsPerPeriod, rows: after.rows },
    );
  }
  if (after.characters > quotas.charactersPerPeriod && after.characters > before.characters) {
    throw new AppError(
      ErrorKind.tooLarge,
      'quota-characters',
      `This batch would give your district ${after.characters} characters of text for ${period}; the limit is ${quotas.charactersPerPeriod}. Nothing was stored. Shorten updates or delete rows you no longer need, or ask the coordinator to raise quotas.charactersPerPeriod.`,
      { limit: quotas.charactersPerPeriod, characters: after.characters },
    );
  }
}

export interface SyncBatchResult {
  response: BatchAnswer;
  isReplay: boolean;
}

/** Stored answers: applied and conflicts (answers stored before also hold findings, ignored now). */
const StoredAnswer = SyncResponse.pick({ applied: true, conflicts: true });

/** Applies one batch; called inside a transaction and a unit of work (rows.beginWork). */
export function createSyncBatches(db: SqliteDatabase, rows: RowTables): (batch: SyncBatch) => SyncBatchResult {
  const statements = {
    getBatch: db.prepare<[string, string], { response: string; period: string; digest: string | null }>(
      'SELECT response, period, digest FROM batches WHERE district = ? AND batch_id = ?',
    ),
    insertBatch: db.prepare('INSERT INTO batches (district, batch_id, period, response, created_at, digest) VALUES (?, ?, ?, ?, ?, ?)'),
  };
  return (batch) => {
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
      return { response: StoredAnswer.parse(JSON.parse(previous.response)), isReplay: true };
    }

    const response: BatchAnswer = { applied: [], conflicts: [] };
    // Each write is built whole (no spread of shared fields): spreading a common object into 20
    // writes a batch showed as half of this function's time in the worker's profile.
    const write = (id: string, version: number, row: WriteRow['row'], beforeJson: string | null, isNew: boolean): WriteRow => ({
      period: batch.period,
      district: batch.district,
      id,
      version,
      row,
      beforeJson,
      isNew,
      who: batch.who,
      at: batch.at,
      source: 'sync',
      batchId: batch.batchId,
    });
    const districtRows = rows.districtRows(batch.period, batch.district);
    const before = batch.quotas ? districtRows.totals() : null;
    // Every change is decided first, then written with one statement for the rows and one for history.
    const writes: WriteRow[] = [];
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
        writes.push(write(change.id, storedVersion + 1, null, beforeJson, false));
      } else {
        writes.push(write(change.id, storedVersion + 1, change.row, beforeJson, !stored));
      }
      response.applied.push({ id: change.id, version: storedVersion + 1 });
    }
    rows.writeRows(writes);
    if (batch.quotas && before) refuseOverQuota(batch.quotas, before, rows.districtRows(batch.period, batch.district).totals(), batch.period);
    statements.insertBatch.run(batch.district, batch.batchId, batch.period, JSON.stringify(response), batch.at, batch.digest);
    return { response, isReplay: false };
  };
}
