/**
 * The embedded store: one SQLite file (better-sqlite3) in the data directory, put together from
 * its parts, one job each:
 * - database.ts: the file, its pragmas (WAL, synchronous=FULL) and migrations;
 * - rows.ts: rows, history and the row cache (changed only after a commit);
 * - keys.ts: API key records and their cache;
 * - group-commit.ts: batches of one event-loop turn committed with one fsync;
 * - sync-batches.ts: a sync batch applied to the rows, and its stored answer;
 * - uploads.ts: an uploaded workbook's rows applied;
 * - upload-bases.ts: what each district's workbook last had, the base of an upload's merge;
 * - round.ts: the coordinator's periods, catalogue changes, keys' last use and audit log.
 */
import type { StoredRow } from '../../shared';
import { openDatabase, watchOtherWriters } from './database';
import { createGroupCommit } from './group-commit';
import { createStoreHealth } from './health';
import { createKeyTable } from './keys';
import { createRowTables } from './rows';
import { createSyncBatches, type SyncBatchResult } from './sync-batches';
import type { SyncBatch, SyncStore } from './types';
import { createRoundStore } from './round';
import { createUploadBases } from './upload-bases';
import { createUploads } from './uploads';

export interface SqliteStoreOptions {
  /** The database file; created with its folder when missing. */
  file: string;
  now?: () => Date;
  /** PRAGMA quick_check at open, refusing a damaged file (the service sets it). */
  isIntegrityChecked?: boolean;
  /** /readyz fails below this much free space on the data folder's file system. */
  diskFloorBytes?: number;
  /** A cap on the database file's size (SQLite answers SQLITE_FULL past it, as on a full disk). */
  maxBytes?: number;
}

export type SqliteStore = SyncStore & { readonly file: string };

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const now = options.now ?? (() => new Date());
  const db = openDatabase(options.file, now, { isIntegrityChecked: options.isIntegrityChecked, maxBytes: options.maxBytes });
  const health = createStoreHealth(db, options.file, { diskFloorBytes: options.diskFloorBytes });
  const otherWriters = watchOtherWriters(db);
  const rows = createRowTables(db, otherWriters);
  const keys = createKeyTable(db, otherWriters);
  const applySyncBatch = createSyncBatches(db, rows);
  const bases = createUploadBases(db);
  const round = createRoundStore(db);
  const applyUploadRows = createUploads(db, rows, otherWriters, bases);
  const group = createGroupCommit<SyncBatch, SyncBatchResult>(
    db,
    applySyncBatch,
    {
      begin() {
        // With the write lock held, no other connection can commit now.
        otherWriters.check();
        rows.beginWork();
      },
      mark: rows.mark,
      undoTo: rows.undoTo,
      committed() {
        rows.commitWork();
        health.noteWriteCommitted();
      },
      failed: rows.discardWork,
    },
  );

  let isClosed = false;
  return {
    file: options.file,
    listRows: rows.listRows,
    listRowsPage: rows.listRowsPage,
    districtActivity: rows.districtActivity,
    rowHistory: rows.rowHistory,
    rowDistricts: rows.rowDistricts,
    applyBatch: (batch) => group.submit(batch),
    liveRows(period, district) {
      // The service's sync worker commits through its own connection: its rows are seen here.
      otherWriters.check();
      const live: StoredRow[] = [];
      for (const row of rows.districtRows(period, district).values()) if (!row.deleted) live.push(row.stored);
      return live;
    },
    liveRowsSharingAction(period, district, ids) {
      otherWriters.check();
      return rows.districtRows(period, district).liveSharingAction(ids).map((row) => row.stored);
    },
    applyUpload(input) {
      const result = applyUploadRows(input);
      if (!input.dryRun) health.noteWriteCommitted();
      return result;
    },
    readiness: health.readiness,
    noteFailure: health.noteFailure,
    noteWriteCommitted: health.noteWriteCommitted,
    round,
    recordWorkbookBase: (input) => bases.set(input.period, input.district, input.rows, input.at),
    ...keys,
    close() {
      if (isClosed) return;
      // Batches already accepted are committed before the file closes.
      group.flush();
      group.close();
      round.flushKeyUse();
      isClosed = true;
      db.close();
    },
  };
}
