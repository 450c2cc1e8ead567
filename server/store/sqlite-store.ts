/**
 * The embedded store: one SQLite file (better-sqlite3) in the data directory.
 *
 * Durability: WAL journal with synchronous=FULL, so a transaction is on disk (WAL fsynced)
 * before the service answers; a killed process or a power cut loses no acknowledged batch.
 * Measured on this kind of disk a 20-row transaction costs well under a millisecond, so there
 * is no reason to trade durability for speed with synchronous=NORMAL.
 *
 * better-sqlite3 is synchronous: a transaction runs to completion without yielding to the
 * event loop, so two requests never interleave inside one, and a batch is all-or-nothing
 * because any throw inside `db.transaction` rolls it back.
 *
 * Group commit: under load the fsync of synchronous=FULL (0.3 ms idle, 3 ms on a busy disk)
 * would dominate a sync. Batches that arrive in the same turn of the event loop are applied
 * one after another, each in its own savepoint (a batch that throws rolls back alone), inside
 * one transaction with one fsync; every answer is sent only after that commit. Durability and
 * the order of batches are the same as one transaction each; only the fsyncs are shared.
 *
 * Row cache: a sync needs the district's stored rows twice (each change's stored version, then
 * all live rows for the findings). Reading and parsing them from SQLite on every batch was most
 * of a sync's cost, so each (period, district) read once is kept in memory, in the same order
 * as the table (seq), and updated by writeRow in the same transaction that writes SQLite. The
 * cache is never ahead of the file: anything that throws inside a transaction (a batch's
 * savepoint, a failed commit, an upload) drops the whole cache, which is then read again from
 * the rolled-back file. Another process writing the file (the `keys` command) is seen through
 * `PRAGMA data_version`, which changes on every commit by another connection; that also drops
 * the cache. Reads for other callers (GET /rows, the master) still go to SQLite.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SyncResponse, type Finding, type RowPayload, type StoredRow } from '../../shared';
import { migrate } from './migrations';
import type {
  ApiKeyRecord,
  ChangeSource,
  DistrictActivity,
  HistoryEntry,
  SyncBatch,
  SyncStore,
  UploadInput,
  UploadResult,
} from './types';
import { planUpload } from './upload-plan';

interface RowRecord {
  period: string;
  district: string;
  id: string;
  version: number;
  deleted: number;
  data: string;
  updated_at: string;
}

interface HistoryRecord {
  period: string;
  district: string;
  id: string;
  version: number;
  who: string;
  at: string;
  source: ChangeSource;
  batch_id: string | null;
  before: string | null;
  after: string | null;
}

interface KeyRecord {
  id: string;
  role: 'district' | 'coordinator';
  district: string | null;
  hash: Buffer;
  created_at: string;
  revoked_at: string | null;
}

export interface SqliteStoreOptions {
  /** The database file; created with its folder when missing. */
  file: string;
  now?: () => Date;
}

/*
 * Stored row JSON is not parsed with zod on the way out: only RowPayloads that passed the
 * schema on the way in are ever written (sync and upload both parse first), and re-checking
 * every row on every read was the largest cost of a sync.
 */
function readPayload(json: string): RowPayload {
  return JSON.parse(json) as RowPayload;
}

function toStoredRow(record: RowRecord): StoredRow {
  return {
    id: record.id,
    district: record.district,
    period: record.period,
    version: record.version,
    deleted: record.deleted === 1,
    updatedAt: record.updated_at,
    row: readPayload(record.data),
  };
}

function parsePayload(json: string | null): RowPayload | null {
  return json === null ? null : readPayload(json);
}

export type SqliteStore = SyncStore & { readonly file: string };

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const now = options.now ?? (() => new Date());
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Another process (the `keys` command) may hold the write lock for a moment.
  db.pragma('busy_timeout = 5000');
  migrate(db, now);

  const statements = {
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    listPeriod: db.prepare<[string], RowRecord>('SELECT * FROM rows WHERE period = ? ORDER BY district, seq'),
    listDistrict: db.prepare<[string, string], RowRecord>('SELECT * FROM rows WHERE period = ? AND district = ? ORDER BY seq'),
    insertRow: db.prepare(
      'INSERT INTO rows (period, district, id, version, deleted, data, updated_at, updated_by) VALUES (@period, @district, @id, @version, @deleted, @data, @at, @who)',
    ),
    updateRow: db.prepare(
      'UPDATE rows SET version = @version, deleted = @deleted, data = @data, updated_at = @at, updated_by = @who WHERE period = @period AND district = @district AND id = @id',
    ),
    insertHistory: db.prepare(
      'INSERT INTO history (period, district, id, version, who, at, source, batch_id, before, after) VALUES (@period, @district, @id, @version, @who, @at, @source, @batchId, @before, @after)',
    ),
    historyOfRow: db.prepare<[string, string, string], HistoryRecord>(
      'SELECT * FROM history WHERE period = ? AND district = ? AND id = ? ORDER BY seq',
    ),
    historyOfId: db.prepare<[string, string], HistoryRecord>('SELECT * FROM history WHERE period = ? AND id = ? ORDER BY seq'),
    activity: db.prepare<[string], { district: string; rows: number; last_sync: string | null }>(
      'SELECT district, SUM(deleted = 0) AS rows, MAX(updated_at) AS last_sync FROM rows WHERE period = ? GROUP BY district ORDER BY district',
    ),
    getBatch: db.prepare<[string, string], { response: string }>('SELECT response FROM batches WHERE district = ? AND batch_id = ?'),
    insertBatch: db.prepare(
      'INSERT INTO batches (district, batch_id, period, response, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertKey: db.prepare(
      'INSERT INTO api_keys (id, role, district, hash, created_at, revoked_at) VALUES (@id, @role, @district, @hash, @createdAt, @revokedAt)',
    ),
    findKey: db.prepare<[string], KeyRecord>('SELECT * FROM api_keys WHERE id = ?'),
    listKeys: db.prepare<[], KeyRecord>('SELECT * FROM api_keys ORDER BY created_at, id'),
    revokeKey: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  };

  interface WriteRow {
    period: string;
    district: string;
    id: string;
    version: number;
    row: RowPayload | null;
    /** The stored JSON before the change (null: new or deleted), copied to history as it is. */
    beforeJson: string | null;
    isNew: boolean;
    who: string;
    at: string;
    source: ChangeSource;
    batchId: string | null;
  }

  /** A district's rows for a period as the table holds them, by id, in seq order. */
  interface CachedRow {
    version: number;
    deleted: boolean;
    /** The stored JSON (kept with a deleted row, as in the table). */
    data: string;
    /** The row as listRows would give it; a new object on every change, never mutated. */
    stored: StoredRow;
  }
  const MAX_CACHED_DISTRICTS = 256;
  /*
   * Key records by id, so a request's key check is a hash and a constant-time compare without a
   * query. Only keys found are kept (a flood of made-up ids cannot fill it), at most
   * MAX_CACHED_KEYS. Revocation takes effect on the next request: revokeKey here clears it, and
   * `keys revoke` in another process commits to the file, which changes data_version, which
   * noticeOtherWriters checks before every lookup.
   */
  const MAX_CACHED_KEYS = 1000;
  const keyCache = new Map<string, KeyRecord>();
  const rowCache = new Map<string, Map<string, CachedRow>>();
  let seenDataVersion = statements.dataVersion.get() as number;
  const cacheKey = (period: string, district: string) => `${period}\u0000${district}`;

  /** Drops the cache when another connection (another process) has committed since last time. */
  function noticeOtherWriters(): void {
    const version = statements.dataVersion.get() as number;
    if (version !== seenDataVersion) {
      seenDataVersion = version;
      rowCache.clear();
      keyCache.clear();
    }
  }

  function cachedRow(period: string, district: string, id: string, version: number, deleted: boolean, data: string, updatedAt: string): CachedRow {
    return { version, deleted, data, stored: { id, district, period, version, deleted, updatedAt, row: readPayload(data) } };
  }

  /** The district's rows (deleted ones too), from the cache or read once from the table. */
  function districtRows(period: string, district: string): Map<string, CachedRow> {
    const key = cacheKey(period, district);
    const cached = rowCache.get(key);
    if (cached) return cached;
    const rows = new Map<string, CachedRow>();
    for (const r of statements.listDistrict.all(period, district)) {
      rows.set(r.id, cachedRow(r.period, r.district, r.id, r.version, r.deleted === 1, r.data, r.updated_at));
    }
    if (rowCache.size >= MAX_CACHED_DISTRICTS) {
      const oldest = rowCache.keys().next();
      if (!oldest.done) rowCache.delete(oldest.value);
    }
    rowCache.set(key, rows);
    return rows;
  }

  /** One row change and its history entry; always called inside a transaction. */
  function writeRow(change: WriteRow): void {
    const afterJson = change.row === null ? null : JSON.stringify(change.row);
    const params = {
      period: change.period,
      district: change.district,
      id: change.id,
      version: change.version,
      // A deleted row keeps its last content, so the coordinator can still see what went.
      deleted: change.row === null ? 1 : 0,
      data: afterJson ?? change.beforeJson,
      at: change.at,
      who: change.who,
    };
    if (change.isNew) statements.insertRow.run(params);
    else statements.updateRow.run(params);
    // Same order as the table: a new row goes last (highest seq), an update keeps its place.
    const cached = rowCache.get(cacheKey(change.period, change.district));
    if (cached && params.data !== null) {
      cached.set(change.id, cachedRow(change.period, change.district, change.id, change.version, change.row === null, params.data, change.at));
    } else if (cached) {
      rowCache.delete(cacheKey(change.period, change.district));
    }
    statements.insertHistory.run({
      period: change.period,
      district: change.district,
      id: change.id,
      version: change.version,
      who: change.who,
      at: change.at,
      source: change.source,
      batchId: change.batchId,
      before: change.beforeJson,
      after: afterJson,
    });
  }

  function listRows(query: { period: string; district?: string; includeDeleted?: boolean }): StoredRow[] {
    const records =
      query.district === undefined
        ? statements.listPeriod.all(query.period)
        : statements.listDistrict.all(query.period, query.district);
    return records.filter((r) => query.includeDeleted || r.deleted === 0).map(toStoredRow);
  }

  const applyOneBatch = db.transaction((batch: SyncBatch, findingsFor: (rows: StoredRow[]) => Finding[]) => {
    const previous = statements.getBatch.get(batch.district, batch.batchId);
    if (previous) return { response: SyncResponse.parse(JSON.parse(previous.response)), isReplay: true };

    const response: SyncResponse = { applied: [], conflicts: [], findings: [] };
    const base = { period: batch.period, district: batch.district, who: batch.who, at: batch.at, source: 'sync' as const, batchId: batch.batchId };
    const rows = districtRows(batch.period, batch.district);
    for (const change of batch.changes) {
      const stored = rows.get(change.id);
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
        writeRow({ ...base, id: change.id, version: storedVersion + 1, row: null, beforeJson, isNew: false });
      } else {
        writeRow({ ...base, id: change.id, version: storedVersion + 1, row: change.row, beforeJson, isNew: !stored });
      }
      response.applied.push({ id: change.id, version: storedVersion + 1 });
    }
    const live: StoredRow[] = [];
    for (const row of rows.values()) if (!row.deleted) live.push(row.stored);
    response.findings = findingsFor(live);
    statements.insertBatch.run(batch.district, batch.batchId, batch.period, JSON.stringify(response), batch.at);
    return { response, isReplay: false };
  });

  const applyUploadTransaction = db.transaction((input: UploadInput): UploadResult => {
    noticeOtherWriters();
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

  type SyncResult = { response: SyncResponse; isReplay: boolean };
  interface PendingBatch {
    batch: SyncBatch;
    findingsFor: (rows: StoredRow[]) => Finding[];
    resolve: (result: SyncResult) => void;
    reject: (error: unknown) => void;
  }
  let pending: PendingBatch[] = [];
  const commitGroup = db.transaction((group: PendingBatch[]) => {
    // Inside the transaction: with the write lock held, no other connection can commit now.
    noticeOtherWriters();
    return group.map((job) => {
      try {
        // Nested: better-sqlite3 runs it in a savepoint, so a failing batch undoes only itself.
        return { ok: true as const, value: applyOneBatch(job.batch, job.findingsFor) };
      } catch (error) {
        // The savepoint is rolled back; the cache may hold part of the batch: read it again.
        rowCache.clear();
        return { ok: false as const, error };
      }
    });
  });
  function flushGroup(): void {
    const group = pending;
    pending = [];
    if (isClosed) {
      group.forEach((job) => job.reject(new Error('the store is closed')));
      return;
    }
    let outcomes: ReturnType<typeof commitGroup>;
    try {
      outcomes = commitGroup.immediate(group);
    } catch (error) {
      rowCache.clear();
      group.forEach((job) => job.reject(error));
      return;
    }
    outcomes.forEach((outcome, i) => {
      const job = group[i] as PendingBatch;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
  function applySyncBatch(batch: SyncBatch, findingsFor: (rows: StoredRow[]) => Finding[]): Promise<SyncResult> {
    return new Promise((resolve, reject) => {
      if (pending.length === 0) setImmediate(flushGroup);
      pending.push({ batch, findingsFor, resolve, reject });
    });
  }

  function toHistory(record: HistoryRecord): HistoryEntry {
    return {
      id: record.id,
      period: record.period,
      district: record.district,
      version: record.version,
      who: record.who,
      at: record.at,
      source: record.source,
      batchId: record.batch_id,
      before: parsePayload(record.before),
      after: parsePayload(record.after),
    };
  }

  function toKey(record: KeyRecord): ApiKeyRecord {
    return {
      id: record.id,
      role: record.role,
      district: record.district,
      hash: record.hash,
      createdAt: record.created_at,
      revokedAt: record.revoked_at,
    };
  }

  let isClosed = false;
  return {
    file: options.file,
    listRows,
    districtActivity(period: string): DistrictActivity[] {
      return statements.activity.all(period).map((r) => ({ district: r.district, rows: r.rows, lastSync: r.last_sync }));
    },
    applySyncBatch,
    applyUpload(input) {
      try {
        return applyUploadTransaction.immediate(input);
      } catch (error) {
        rowCache.clear();
        throw error;
      }
    },
    rowHistory(query) {
      const records =
        query.district === undefined
          ? statements.historyOfId.all(query.period, query.id)
          : statements.historyOfRow.all(query.period, query.district, query.id);
      return records.map(toHistory);
    },
    insertKey(record) {
      keyCache.clear();
      statements.insertKey.run(record);
    },
    findKey(id) {
      noticeOtherWriters();
      let record = keyCache.get(id);
      if (!record) {
        record = statements.findKey.get(id);
        if (record) {
          if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
          keyCache.set(id, record);
        }
      }
      return record ? toKey(record) : undefined;
    },
    listKeys: () => statements.listKeys.all().map(toKey),
    revokeKey(id, at) {
      keyCache.clear();
      return statements.revokeKey.run(at, id).changes === 1;
    },
    close() {
      if (isClosed) return;
      // Batches already accepted are committed before the file closes.
      if (pending.length > 0) flushGroup();
      isClosed = true;
      db.close();
    },
  };
}
