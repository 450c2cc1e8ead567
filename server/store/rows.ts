/**
 * Rows and their history: the `rows` and `history` tables, and the cache of each district's rows.
 *
 * Row cache: a sync needs the district's stored rows twice (each change's stored version, then
 * all live rows for the findings). Reading and parsing them from SQLite on every batch was most
 * of a sync's cost, so each (period, district) read once is kept in memory, in the same order
 * as the table (seq).
 *
 * The cache is changed only after a commit. Writes happen inside a unit of work
 * (`beginWork` … `commitWork` | `discardWork`), which keeps a working copy of each district it
 * touches: `districtRows` answers from the working copy, so later batches in a commit group see
 * earlier ones. `commitWork` (called once SQLite has committed) makes the working copies the
 * cache; `discardWork` (the commit failed) drops them, and the cache still holds what the file
 * holds. A savepoint that rolls back one batch rolls back its working-copy changes with
 * `undoTo(mark())`. Another process's commit (OtherWriters) drops the whole cache.
 * Reads for other callers (GET /rows, the master) still go to SQLite.
 */
import type { RowPayload, StoredRow } from '../../shared';
import type { OtherWriters, SqliteDatabase } from './database';
import type { ChangeSource, DistrictActivity, HistoryEntry } from './types';

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

/*
 * Stored row JSON is not parsed with zod on the way out: only RowPayloads that passed the
 * schema on the way in are ever written (sync and upload both parse first), and re-checking
 * every row on every read was the largest cost of a sync.
 */
export function readPayload(json: string): RowPayload {
  return JSON.parse(json) as RowPayload;
}

export function parsePayload(json: string | null): RowPayload | null {
  return json === null ? null : readPayload(json);
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

/** One row change and its history entry. */
export interface WriteRow {
  period: string;
  district: string;
  id: string;
  version: number;
  /** The row after the change; null deletes it. */
  row: RowPayload | null;
  /** The stored JSON before the change (null: new or deleted), copied to history as it is. */
  beforeJson: string | null;
  isNew: boolean;
  who: string;
  at: string;
  source: ChangeSource;
  batchId: string | null;
}

/** A district's row as the table holds it. */
export interface CachedRow {
  version: number;
  deleted: boolean;
  /** The stored JSON (kept with a deleted row, as in the table). */
  data: string;
  /** The row as listRows would give it; a new object on every change, never mutated. */
  stored: StoredRow;
}

export interface RowTables {
  /** Every district's rows for a period (or one district's), from the table, in a stable order. */
  listRows(query: { period: string; district?: string; includeDeleted?: boolean }): StoredRow[];
  districtActivity(period: string): DistrictActivity[];
  rowHistory(query: { period: string; id: string; district?: string }): HistoryEntry[];
  /** The district's rows (deleted ones too) by id in seq order, as the current unit of work sees them. */
  districtRows(period: string, district: string): ReadonlyMap<string, CachedRow>;
  /** Writes one change and its history entry; only inside a transaction and a unit of work. */
  writeRow(change: WriteRow): void;
  beginWork(): void;
  /** A point the working copies can be rolled back to (a savepoint's). */
  mark(): number;
  undoTo(mark: number): void;
  /** After SQLite has committed: the working copies become the cache. */
  commitWork(): void;
  /** The transaction failed: drop the working copies; the cache is untouched. */
  discardWork(): void;
}

const MAX_CACHED_DISTRICTS = 256;

export function createRowTables(db: SqliteDatabase, otherWriters: OtherWriters): RowTables {
  const statements = {
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
  };

  const cache = new Map<string, Map<string, CachedRow>>();
  otherWriters.onChange(() => cache.clear());
  const cacheKey = (period: string, district: string) => `${period}\u0000${district}`;

  interface Undo {
    key: string;
    /** The id changed, or null when the entry created the working copy itself. */
    id: string | null;
    previous: CachedRow | undefined;
  }
  let work: { copies: Map<string, Map<string, CachedRow>>; undo: Undo[] } | null = null;

  function cachedRow(period: string, district: string, id: string, version: number, deleted: boolean, data: string, updatedAt: string): CachedRow {
    return { version, deleted, data, stored: { id, district, period, version, deleted, updatedAt, row: readPayload(data) } };
  }

  /**
   * The committed rows, from the cache or read once from the table. Reading the table inside a
   * unit of work is safe: a district is copied before this transaction writes to it, so what
   * the table holds for it here is what is committed.
   */
  function committedRows(period: string, district: string): Map<string, CachedRow> {
    const key = cacheKey(period, district);
    const cached = cache.get(key);
    if (cached) return cached;
    const rows = new Map<string, CachedRow>();
    for (const r of statements.listDistrict.all(period, district)) {
      rows.set(r.id, cachedRow(r.period, r.district, r.id, r.version, r.deleted === 1, r.data, r.updated_at));
    }
    remember(key, rows);
    return rows;
  }

  function remember(key: string, rows: Map<string, CachedRow>): void {
    if (!cache.has(key) && cache.size >= MAX_CACHED_DISTRICTS) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(key, rows);
  }

  function workingCopy(period: string, district: string): Map<string, CachedRow> {
    if (!work) throw new Error('rows written outside a unit of work');
    const key = cacheKey(period, district);
    let copy = work.copies.get(key);
    if (!copy) {
      copy = new Map(committedRows(period, district));
      work.copies.set(key, copy);
      work.undo.push({ key, id: null, previous: undefined });
    }
    return copy;
  }

  return {
    listRows(query) {
      const records =
        query.district === undefined
          ? statements.listPeriod.all(query.period)
          : statements.listDistrict.all(query.period, query.district);
      return records.filter((r) => query.includeDeleted || r.deleted === 0).map(toStoredRow);
    },
    districtActivity(period) {
      return statements.activity.all(period).map((r) => ({ district: r.district, rows: r.rows, lastSync: r.last_sync }));
    },
    rowHistory(query) {
      const records =
        query.district === undefined
          ? statements.historyOfId.all(query.period, query.id)
          : statements.historyOfRow.all(query.period, query.district, query.id);
      return records.map(toHistory);
    },
    districtRows(period, district) {
      return work?.copies.get(cacheKey(period, district)) ?? committedRows(period, district);
    },
    writeRow(change) {
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
      // Same order as the table: a new row goes last (highest seq), an update keeps its place.
      // data is never null here: the table's NOT NULL refused the write above.
      const copy = workingCopy(change.period, change.district);
      (work as NonNullable<typeof work>).undo.push({ key: cacheKey(change.period, change.district), id: change.id, previous: copy.get(change.id) });
      copy.set(change.id, cachedRow(change.period, change.district, change.id, change.version, change.row === null, params.data as string, change.at));
    },
    beginWork() {
      work = { copies: new Map(), undo: [] };
    },
    mark() {
      return work?.undo.length ?? 0;
    },
    undoTo(mark) {
      if (!work) return;
      while (work.undo.length > mark) {
        const entry = work.undo.pop() as Undo;
        if (entry.id === null) {
          work.copies.delete(entry.key);
          continue;
        }
        const copy = work.copies.get(entry.key);
        if (!copy) continue;
        if (entry.previous) copy.set(entry.id, entry.previous);
        else copy.delete(entry.id);
      }
    },
    commitWork() {
      if (!work) return;
      for (const [key, copy] of work.copies) remember(key, copy);
      work = null;
    },
    discardWork() {
      work = null;
    },
  };
}
