/**
 * Applying an uploaded workbook's rows (POST /returns): the plan (upload-plan.ts) merges them
 * three ways with the district's stored rows and the base (what its workbook last had,
 * upload-bases.ts); this writes what the plan says in one transaction, or nothing for a dry run:
 * - `add` and `change` are written;
 * - `leave` and `conflict` write nothing (a conflict is only listed: never overwrite a newer edit);
 * - `delete` is written only when the officer confirmed (`confirm`), else only listed;
 * - the base becomes what this workbook holds (nextBase), in the same transaction.
 * The caches change only once the transaction has committed.
 */
import { randomUUID } from 'node:crypto';
import type { StoredRow } from '../../shared';
import type { OtherWriters, SqliteDatabase } from './database';
import type { RowTables } from './rows';
import type { UploadInput, UploadResult } from './types';
import type { UploadBases } from './upload-bases';
import { nextBase, planUpload } from './upload-plan';

export function createUploads(db: SqliteDatabase, rows: RowTables, otherWriters: OtherWriters, bases: UploadBases): (input: UploadInput) => UploadResult {
  const { listRows, writeRow } = rows;
  const applyUploadTransaction = db.transaction((input: UploadInput): UploadResult => {
    otherWriters.check();
    rows.beginWork();
    const existing = listRows({ period: input.period, district: input.district, includeDeleted: true });
    const base = bases.get(input.period, input.district);
    const plan = planUpload(existing, input.rows, base, randomUUID);
    const isConfirmed = input.confirm === true;
    const counts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
    const after: StoredRow[] = [];
    const write = { period: input.period, district: input.district, who: input.who, at: input.at, source: 'upload' as const, batchId: null };
    for (const entry of plan) {
      switch (entry.kind) {
        case 'add':
          counts.inserted += 1;
          if (!input.dryRun) writeRow({ ...write, id: entry.id, version: 1, row: entry.row, beforeJson: null, isNew: true });
          after.push({ id: entry.id, district: input.district, period: input.period, version: 1, deleted: false, updatedAt: input.at, row: entry.row });
          break;
        case 'change': {
          counts.updated += 1;
          const version = entry.existing.version + 1;
          if (!input.dryRun) writeRow({ ...write, id: entry.existing.id, version, row: entry.row, beforeJson: JSON.stringify(entry.existing.row), isNew: false });
          after.push({ ...entry.existing, version, updatedAt: input.at, row: entry.row });
          break;
        }
        case 'leave':
          counts.unchanged += 1;
          if (!entry.existing.deleted) after.push(entry.existing);
          break;
        case 'conflict':
          if (!entry.existing.deleted) after.push(entry.existing);
          break;
        case 'delete':
          if (!isConfirmed) {
            after.push(entry.existing);
            break;
          }
          counts.deleted += 1;
          if (!input.dryRun) {
            writeRow({ ...write, id: entry.existing.id, version: entry.existing.version + 1, row: null, beforeJson: JSON.stringify(entry.existing.row), isNew: false });
          }
          break;
      }
    }
    if (!input.dryRun) bases.set(input.period, input.district, nextBase(base, plan, isConfirmed), input.at);
    return { rows: after, ...counts, plan };
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
