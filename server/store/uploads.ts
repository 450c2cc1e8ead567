/**
 * Applying an uploaded workbook's rows (POST /returns): the plan (upload-plan.ts) matches them
 * to the district's stored rows; this writes the plan in one transaction, or only counts it for
 * a dry run. The caches change only once the transaction has committed.
 */
import { randomUUID } from 'node:crypto';
import type { StoredRow } from '../../shared';
import type { OtherWriters, SqliteDatabase } from './database';
import type { RowTables } from './rows';
import type { UploadInput, UploadResult } from './types';
import { planUpload } from './upload-plan';

export function createUploads(db: SqliteDatabase, rows: RowTables, otherWriters: OtherWriters): (input: UploadInput) => UploadResult {
  const { listRows, writeRow } = rows;
  const applyUploadTransaction = db.transaction((input: UploadInput): UploadResult => {
    otherWriters.check();
    rows.beginWork();
    const existing = listRows({ period: input.period, district: input.district, includeDeleted: true });
    const operations = planUpload(existing, input.rows, randomUUID);
    const counts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
    const after: StoredRow[] = [];
    const base = { period: input.period, district: input.district, who: input.who, at: input.at, source: 'upload' as const, batchId: null };
    for (const op of operations) {
      switch (op.kind) {
        case 'insert':
          counts.inserted += 1;
          if (!input.dryRun) writeRow({ ...base, id: op.id, version: 1, row: op.row, beforeJson: null, isNew: true });
          after.push({ id: op.id, district: input.district, period: input.period, version: 1, deleted: false, updatedAt: input.at, row: op.row });
          break;
        case 'update': {
          counts.updated += 1;
          const version = op.existing.version + 1;
          const beforeJson = op.existing.deleted ? null : JSON.stringify(op.existing.row);
          if (!input.dryRun) writeRow({ ...base, id: op.existing.id, version, row: op.row, beforeJson, isNew: false });
          after.push({ ...op.existing, version, deleted: false, updatedAt: input.at, row: op.row });
          break;
        }
        case 'unchanged':
          counts.unchanged += 1;
          after.push(op.existing);
          break;
        case 'delete':
          counts.deleted += 1;
          if (!input.dryRun) {
            writeRow({ ...base, id: op.existing.id, version: op.existing.version + 1, row: null, beforeJson: JSON.stringify(op.existing.row), isNew: false });
          }
          break;
      }
    }
    return { rows: after, ...counts };
  });
  return (input) => {
    try {
      const result = applyUploadTransaction.immediate(input);
      rows.commitWork();
      return result;
    } catch (error) {
      rows.discardWork();
      throw error;
    }
  };
}
