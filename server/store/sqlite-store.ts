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
import type { Finding, StoredRow } from '../../shared';
import { openDatabase, watchOtherWriters } from './database';
import { createGroupCommit } from './group-commit';
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
}

export type SqliteStore = SyncStore & { readonly file: string };

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const now = options.now ?? (() => new Date());
  const db = openDatabase(options.file, now);
  const otherWriters = watchOtherWriters(db);
  const rows = createRowTables(db, otherWriters);
  const keys = createKeyTable(db, otherWriters);
  const applySyncBatch = createSyncBatches(db, rows);
  const bases = createUploadBases(db);
  const round = createRoundStore(db);
  const applyUpload = createUploads(db, rows, otherWriters, bases);
  const group = createGroupCommit<{ batch: SyncBatch; findingsFor: (rows: StoredRow[]) => Finding[] }, SyncBatchResult>(
    db,
    (job) => applySyncBatch(job.batch, job.findingsFor),
    {
      begin() {
        // With the write lock held, no other connection can commit now.
        otherWriters.check();
        rows.beginWork();
      },
      mark: rows.mark,
      undoTo: rows.undoTo,
      committed: rows.commitWork,
      failed: rows.discardWork,
    },
  );

  let isClosed = false;
  return {
    file: options.file,
    listRows: rows.listRows,
    districtActivity: rows.districtActivity,
    rowHistory: rows.rowHistory,
    applyBatch: (batch, findingsFor) => group.submit({ batch, findingsFor }),
    applyUpload,
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
