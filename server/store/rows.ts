/**
 * Rows and their history: the `rows` and `history` tables, and the cache of each district's rows.
 *
 * Row cache: a sync needs the district's stored rows twice (each change's stored version, then
 * all live rows for the findings). Reading and parsing them from SQLite on every batch was most
 * of a sync's cost, so each (period, district) read once is kept in memory, in the same order
 * as the table (seq).
 *
 * The cache is changed only after a commit. Writes happen inside a unit of work
 * (`beginWork` … `commitWork` | `discardWork`), which keeps, for each district it touches, the
 * rows it changed over the committed ones (a DistrictRows view): `districtRows` answers from the
 * view, so later batches in a commit group see earlier ones. `commitWork` (called once SQLite has
 * committed) writes the changed rows into the cache; `discardWork` (the commit failed) drops
 * them, and the cache still holds what the file holds. A savepoint that rolls back one batch
 * rolls back its changes with `undoTo(mark())`. Another process's commit (OtherWriters) drops
 * the whole cache.
 *
 * Work per batch is bounded by the batch, not the district: the view holds only the changes
 * (copying a 5,000-row district's rows for every commit group was 12% of a batch's time), and
 * the live rows and characters the quotas count are kept with the cache and adjusted by the
 * changes, not counted again. So are the live rows by their action's comparison key, so the
 * findings of a batch (duplicate-action compares a row with the rows sharing its action) visit
 * the batch's rows and those sharing their action, not the district: walking a district's 140
 * rows per batch was 90 µs of a sync's 660 on the worker (bench/sync.ts, profiled).
 * Reads for other callers (GET /rows, the master) still go to SQLite.
 */
import { comparisonKey, type RowPayload, type StoredRow } from '../../shared';
import type { OtherWriters, SqliteDatabase } from './database';
import type { ChangeSource, DistrictActivity, HistoryEntry } from './types';

interface RowRecord {
  seq: number;
  period: string;
  district: string;
  id: string;
  version: number;
  deleted: number;
  data: string;
  updated_at: string;
  /** The seq of the row's latest history entry (migration 13). */
  history_seq: number | null;
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
  /** The entry's before: its own column, or the previous entry's after (before_is_previous). */
  before_json: string | null;
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
    before: parsePayload(record.before_json),
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
  /** The seq of the row's latest history entry; the next entry's prev_seq. */
  historySeq: number | null;
  /** The row's own seq (its rowid): an update finds it by this, not through the (period, district, id) index. */
  seq: number;
  /** The row as listRows would give it; a new object on every change, never mutated. */
  stored: StoredRow;
  /** comparisonKey of the row's action: rows with the same key are what duplicate-action compares. */
  actionKey: string;
}

/** Live rows and the characters of their stored JSON: what the quotas count. */
export interface DistrictTotals {
  rows: number;
  characters: number;
}

/** A district's rows (deleted ones too) by id, in seq order, as the current unit of work sees them. */
export interface DistrictRows {
  get(id: string): CachedRow | undefined;
  /** Every row in seq order: the table's order, rows added in this unit of work last. */
  values(): IterableIterator<CachedRow>;
  /** Live rows and characters, without counting them again. */
  totals(): DistrictTotals;
  /**
   * The live rows named by `ids` and every live row whose action has the comparison key of one
   * of theirs, in seq order (the order of values()); ids of deleted or unknown rows add nothing.
   * Work is bounded by the rows returned, not the district.
   */
  liveSharingAction(ids: Iterable<string>): CachedRow[];
}

export interface RowTables {
  /** Every district's rows for a period (or one district's), from the table, in a stable order. */
  listRows(query: { period: string; district?: string; includeDeleted?: boolean }): StoredRow[];
  /** One page of the live rows, in the same order as listRows. */
  listRowsPage(query: { period: string; district?: string; offset: number; limit: number }): StoredRow[];
  districtActivity(period: string): DistrictActivity[];
  /** A row's changes within one district: history is never read across districts. */
  rowHistory(query: { period: string; id: string; district: string }): HistoryEntry[];
  rowDistricts(query: { period: string; id: string }): string[];
  /** True when another district has ever stored a row with this id (in any period). */
  isIdOfAnotherDistrict(id: string, district: string): boolean;
  /** The district's rows (deleted ones too) by id in seq order, as the current unit of work sees them. */
  districtRows(period: string, district: string): DistrictRows;
  /** Writes one change and its history entry; only inside a transaction and a unit of work. */
  writeRow(change: WriteRow): void;
  /** Writes changes (each row at most once) and their history entries, in order. */
  writeRows(changes: readonly WriteRow[]): void;
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

/** A district's committed rows in seq order, their totals, and the live rows' ids by action key. */
interface CommittedDistrict {
  rows: Map<string, CachedRow>;
  totals: DistrictTotals;
  byAction: Map<string, Set<string>>;
}

/** Adds a live row to (sign 1) or takes it from (-1) the ids by action key; a deleted row is in none. */
function indexByAction(byAction: Map<string, Set<string>>, id: string, row: CachedRow, sign: 1 | -1): void {
  if (row.deleted) return;
  const ids = byAction.get(row.actionKey);
  if (sign === 1) {
    if (ids) ids.add(id);
    else byAction.set(row.actionKey, new Set([id]));
  } else if (ids) {
    ids.delete(id);
    if (ids.size === 0) byAction.delete(row.actionKey);
  }
}

function addTo(totals: DistrictTotals, row: CachedRow, sign: 1 | -1): void {
  if (row.deleted) return;
  totals.rows += sign;
  totals.characters += sign * row.data.length;
}

/** The committed rows with a unit of work's changes over them; the committed rows are not touched. */
class DistrictView implements DistrictRows {
  readonly changed = new Map<string, CachedRow>();
  constructor(readonly base: CommittedDistrict) {}

  get(id: string): CachedRow | undefined {
    return this.changed.get(id) ?? this.base.rows.get(id);
  }

  *values(): IterableIterator<CachedRow> {
    for (const [id, row] of this.base.rows) yield this.changed.get(id) ?? row;
    for (const [id, row] of this.changed) if (!this.base.rows.has(id)) yield row;
  }

  totals(): DistrictTotals {
    const totals = { ...this.base.totals };
    for (const [id, row] of this.changed) {
      const committed = this.base.rows.get(id);
      if (committed) addTo(totals, committed, -1);
      addTo(totals, row, 1);
    }
    return totals;
  }

  liveSharingAction(ids: Iterable<string>): CachedRow[] {
    const keys = new Set<string>();
    for (const id of ids) {
      const row = this.get(id);
      if (row && !row.deleted) keys.add(row.actionKey);
    }
    const found = new Map<string, CachedRow>();
    for (const key of keys) {
      // Committed rows with the key, as this unit of work sees them (a change may have changed the action).
      for (const id of this.base.byAction.get(key) ?? []) {
        const row = this.get(id);
        if (row && !row.deleted && row.actionKey === key) found.set(id, row);
      }
    }
    for (const [id, row] of this.changed) if (!row.deleted && keys.has(row.actionKey)) found.set(id, row);
    return [...found.values()].sort((a, b) => a.seq - b.seq);
  }
}

export function createRowTables(db: SqliteDatabase, otherWriters: OtherWriters): RowTables {
  const statements = {
    listPeriod: db.prepare<[string], RowRecord>('SELECT * FROM rows WHERE period = ? ORDER BY district, seq'),
    listDistrict: db.prepare<[string, string], RowRecord>('SELECT * FROM rows WHERE period = ? AND district = ? ORDER BY seq'),
    // Positional parameters: binding by name cost a third more per statement (2.9 against
    // 1.9 µs an insert, measured), and a batch runs two statements a row.
    insertRow: db.prepare<[number, number, string, string, string | null, number, string, string, string]>(
      'INSERT INTO rows (version, deleted, data, updated_at, updated_by, history_seq, period, district, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    updateRow: db.prepare<[number, number, string, string, string | null, number, number]>(
      'UPDATE rows SET version = ?, deleted = ?, data = ?, updated_at = ?, updated_by = ?, history_seq = ? WHERE seq = ?',
    ),
    insertHistory: db.prepare<[string, string, string, number, string, string, string, string | null, string | null, string | null, number | null, number]>(
      'INSERT INTO history (period, district, id, version, who, at, source, batch_id, before, after, prev_seq, before_is_previous) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    // The row's chain of entries, newest first from rows.history_seq back through prev_seq
    // (migration 13), each entry's before taken from the previous entry where it was not kept.
    // The period, district and id are checked on every entry: history is never read across districts.
    historyOfRow: db.prepare<{ period: string; district: string; id: string }, HistoryRecord>(`
      WITH RECURSIVE chain(seq) AS (
        SELECT history_seq FROM rows WHERE period = @period AND district = @district AND id = @id AND history_seq IS NOT NULL
        UNION ALL
        SELECT h.prev_seq FROM history h JOIN chain ON h.seq = chain.seq WHERE h.prev_seq IS NOT NULL
      )
      SELECT h.period, h.district, h.id, h.version, h.who, h.at, h.source, h.batch_id, h.after,
        CASE WHEN h.before_is_previous = 1 THEN p.after ELSE h.before END AS before_json
      FROM chain JOIN history h ON h.seq = chain.seq
      LEFT JOIN history p ON p.seq = h.prev_seq
      WHERE h.period = @period AND h.district = @district AND h.id = @id
      ORDER BY h.seq
    `),
    districtsOfId: db.prepare<[string, string], string>('SELECT DISTINCT district FROM rows WHERE id = ? AND period = ? ORDER BY district').pluck(),
    otherDistrictOfId: db.prepare<[string, string], number>('SELECT 1 FROM rows WHERE id = ? AND district <> ? LIMIT 1').pluck(),
    pagePeriod: db.prepare<[string, number, number], RowRecord>('SELECT * FROM rows WHERE period = ? AND deleted = 0 ORDER BY district, seq LIMIT ? OFFSET ?'),
    pageDistrict: db.prepare<[string, string, number, number], RowRecord>(
      'SELECT * FROM rows WHERE period = ? AND district = ? AND deleted = 0 ORDER BY seq LIMIT ? OFFSET ?',
    ),
    activity: db.prepare<[string], { district: string; rows: number; last_sync: string | null }>(
      'SELECT district, SUM(deleted = 0) AS rows, MAX(updated_at) AS last_sync FROM rows WHERE period = ? GROUP BY district ORDER BY district',
    ),
  };

  const cache = new Map<string, CommittedDistrict>();
  otherWriters.onChange(() => cache.clear());
  const cacheKey = (period: string, district: string) => `${period}\u0000${district}`;

  interface Undo {
    key: string;
    /** The id changed, or null when the entry created the district's view itself. */
    id: string | null;
    /** The view's own entry for the id before the change (undefined: the committed row showed). */
    previous: CachedRow | undefined;
  }
  let work: { views: Map<string, DistrictView>; undo: Undo[] } | null = null;

  function cachedRow(record: RowRecord): CachedRow {
    const { id, district, period, version, data } = record;
    const deleted = record.deleted === 1;
    const row = readPayload(data);
    return {
      version,
      deleted,
      data,
      historySeq: record.history_seq,
      seq: record.seq,
      stored: { id, district, period, version, deleted, updatedAt: record.updated_at, row },
      actionKey: comparisonKey(row.action),
    };
  }

  /**
   * The committed rows, from the cache or read once from the table. Reading the table inside a
   * unit of work is safe: a district is copied before this transaction writes to it, so what
   * the table holds for it here is what is committed.
   */
  function committedRows(period: string, district: string): CommittedDistrict {
    const key = cacheKey(period, district);
    const cached = cache.get(key);
    if (cached) return cached;
    const rows = new Map<string, CachedRow>();
    const totals = { rows: 0, characters: 0 };
    const byAction = new Map<string, Set<string>>();
    for (const r of statements.listDistrict.all(period, district)) {
      const row = cachedRow(r);
      rows.set(r.id, row);
      addTo(totals, row, 1);
      indexByAction(byAction, r.id, row, 1);
    }
    const committed = { rows, totals, byAction };
    remember(key, committed);
    return committed;
  }

  function remember(key: string, committed: CommittedDistrict): void {
    if (!cache.has(key) && cache.size >= MAX_CACHED_DISTRICTS) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(key, committed);
  }

  function workingView(period: string, district: string): DistrictView {
    if (!work) throw new Error('rows written outside a unit of work');
    const key = cacheKey(period, district);
    let view = work.views.get(key);
    if (!view) {
      view = new DistrictView(committedRows(period, district));
      work.views.set(key, view);
      work.undo.push({ key, id: null, previous: undefined });
    }
    return view;
  }

  /*
   * One change at a time, two statements each. A single statement per batch over json_each
   * (https://sqlite.org/json1.html#jeach) was tried and measured 2-2.5x slower for 20-row
   * batches (0.96-1.48 ms against 0.37-0.61 ms a batch): `->>` parses each element's JSON again
   * for every column.
   */
  function writeRows(changes: readonly WriteRow[]): void {
    if (!work) throw new Error('rows written outside a unit of work');
    for (const change of changes) {
      const afterJson = change.row === null ? null : JSON.stringify(change.row);
      const deleted = change.row === null;
      const key = cacheKey(change.period, change.district);
      const view = workingView(change.period, change.district);
      const previous = view.get(change.id);
      const prevSeq = previous?.historySeq ?? null;
      // The previous entry's after is the stored row as it stands (null once deleted): when this
      // change's before is that, the entry need not repeat it (migration 13).
      const previousAfter = previous && !previous.deleted ? previous.data : null;
      const beforeIsPrevious = prevSeq !== null && change.beforeJson !== null && change.beforeJson === previousAfter;
      const historySeq = Number(
        statements.insertHistory.run(
          change.period,
          change.district,
          change.id,
          change.version,
          change.who,
          change.at,
          change.source,
          change.batchId,
          beforeIsPrevious ? null : change.beforeJson,
          afterJson,
          prevSeq,
          beforeIsPrevious ? 1 : 0,
        ).lastInsertRowid,
      );
      // A deleted row keeps its last content, so the coordinator can still see what went.
      // data is never null: a change either has a row or deletes a stored one (beforeJson).
      const data = (afterJson ?? change.beforeJson) as string;
      let seq: number;
      if (change.isNew || !previous) {
        seq = Number(statements.insertRow.run(change.version, deleted ? 1 : 0, data, change.at, change.who, historySeq, change.period, change.district, change.id).lastInsertRowid);
      } else {
        seq = previous.seq;
        statements.updateRow.run(change.version, deleted ? 1 : 0, data, change.at, change.who, historySeq, seq);
      }
      // Same order as the table: a new row goes last (highest seq), an update keeps its place.
      work.undo.push({ key, id: change.id, previous: view.changed.get(change.id) });
      // The parsed row is kept with the cached one (never mutated once made), so findings and
      // later batches read it without parsing again the JSON just written: re-parsing every
      // written row was a good part of a sync's garbage.
      const row = change.row ?? previous?.stored.row ?? readPayload(data);
      view.changed.set(change.id, {
        version: change.version,
        deleted,
        data,
        historySeq,
        seq,
        stored: { id: change.id, district: change.district, period: change.period, version: change.version, deleted, updatedAt: change.at, row },
        // Most changes keep the action and change the update: its key is not worked out again.
        actionKey: previous !== undefined && previous.stored.row.action === row.action ? previous.actionKey : comparisonKey(row.action),
      });
    }
  }

  return {
    listRows(query) {
      const records =
        query.district === undefined
          ? statements.listPeriod.all(query.period)
          : statements.listDistrict.all(query.period, query.district);
      return records.filter((r) => query.includeDeleted || r.deleted === 0).map(toStoredRow);
    },
    listRowsPage(query) {
      const records =
        query.district === undefined
          ? statements.pagePeriod.all(query.period, query.limit, query.offset)
          : statements.pageDistrict.all(query.period, query.district, query.limit, query.offset);
      return records.map(toStoredRow);
    },
    districtActivity(period) {
      return statements.activity.all(period).map((r) => ({ district: r.district, rows: r.rows, lastSync: r.last_sync }));
    },
    rowHistory(query) {
      return statements.historyOfRow.all({ period: query.period, district: query.district, id: query.id }).map(toHistory);
    },
    rowDistricts(query) {
      return statements.districtsOfId.all(query.id, query.period);
    },
    isIdOfAnotherDistrict(id, district) {
      return statements.otherDistrictOfId.get(id, district) !== undefined;
    },
    districtRows(period, district) {
      return work?.views.get(cacheKey(period, district)) ?? new DistrictView(committedRows(period, district));
    },
    writeRow(change) {
      writeRows([change]);
    },
    writeRows,
    beginWork() {
      work = { views: new Map(), undo: [] };
    },
    mark() {
      return work?.undo.length ?? 0;
    },
    undoTo(mark) {
      if (!work) return;
      while (work.undo.length > mark) {
        const entry = work.undo.pop() as Undo;
        if (entry.id === null) {
          work.views.delete(entry.key);
          continue;
        }
        const view = work.views.get(entry.key);
        if (!view) continue;
        if (entry.previous) view.changed.set(entry.id, entry.previous);
        else view.changed.delete(entry.id);
      }
    },
    commitWork() {
      if (!work) return;
      for (const [key, view] of work.views) {
        // Set in place: an id already there keeps its place (seq order), a new one goes last.
        const totals = view.totals();
        for (const [id, row] of view.changed) {
          const committed = view.base.rows.get(id);
          view.base.rows.set(id, row);
          // A live row whose action kept its key stays where it is in the index.
          if (committed && committed.deleted === row.deleted && committed.actionKey === row.actionKey) continue;
          if (committed) indexByAction(view.base.byAction, id, committed, -1);
          indexByAction(view.base.byAction, id, row, 1);
        }
        view.base.totals = totals;
        remember(key, view.base);
      }
      work = null;
    },
    discardWork() {
      work = null;
    },
  };
}
