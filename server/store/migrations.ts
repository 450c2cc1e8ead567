/**
 * Versioned schema migrations, applied in order at start inside one transaction each.
 * A migration, once shipped, is never edited: a change to the schema is a new entry.
 * `schema_migrations` records which versions a data file already has, so an old file
 * opened by a newer service is brought forward and a current one is left alone.
 */
import type Database from 'better-sqlite3';

interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'rows, append-only history, batch answers and API keys',
    sql: `
      CREATE TABLE rows (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        period TEXT NOT NULL,
        district TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        UNIQUE (period, district, id)
      );
      CREATE INDEX rows_by_period ON rows (period, district, seq);

      CREATE TABLE history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        period TEXT NOT NULL,
        district TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        who TEXT NOT NULL,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        batch_id TEXT,
        before TEXT,
        after TEXT
      );
      CREATE INDEX history_by_row ON history (period, district, id, seq);
      -- History is the audit trail: the database itself refuses to rewrite it.
      CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
      CREATE TRIGGER history_no_delete BEFORE DELETE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

      CREATE TABLE batches (
        district TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        period TEXT NOT NULL,
        response TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (district, batch_id)
      );

      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('district', 'coordinator')),
        district TEXT,
        hash BLOB NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
    `,
  },
  // 10–49: the sync core (issue 13); 50–99: the coordinator's admin features.
  {
    version: 10,
    description: 'a digest of each stored batch, so a reused batchId with another body is refused, not replayed',
    // Null for batches stored before: those are replayed as they always were.
    sql: 'ALTER TABLE batches ADD COLUMN digest TEXT;',
  },
  {
    version: 11,
    description: 'rows by id, so a row id of another district is found in one lookup',
    sql: 'CREATE INDEX rows_by_id ON rows (id, district);',
  },
  {
    version: 12,
    description: 'a table /readyz writes to and rolls back, to prove the store can write',
    sql: 'CREATE TABLE ready_probe (at TEXT NOT NULL);',
  },
  {
    version: 13,
    description: "each row's history as a chain by seq (no index by row id), and a change's before kept only when it is not the previous entry's after",
    /*
     * history_by_row (period, district, id, seq) put every history insert at a random place in
     * a B-tree keyed by a UUID: with 20 changes a batch that was 20 random index pages dirtied
     * and written to the WAL per batch, a cost that grew with the table (0.64 → 1.03 ms a
     * 20-row batch over the first 6,000 batches, against 0.34 ms flat without the index).
     * Instead each entry names the row's previous entry (prev_seq) and the row names its latest
     * (rows.history_seq): inserts only append, and a row's history is read by following the
     * chain, one primary-key lookup per version.
     * `before` repeated the previous entry's `after` (it was the stored row): new entries keep
     * it only when it differs, and say so with before_is_previous = 1 when it does not. Entries
     * written before keep their `before`. The chain is filled in for them here, the one time the
     * append-only trigger is lifted, inside this migration's transaction: no entry's content
     * changes.
     */
    sql: `
      ALTER TABLE history ADD COLUMN prev_seq INTEGER;
      ALTER TABLE history ADD COLUMN before_is_previous INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE rows ADD COLUMN history_seq INTEGER;
      DROP TRIGGER history_no_update;
      UPDATE history SET prev_seq = (
        SELECT MAX(h.seq) FROM history h
        WHERE h.period = history.period AND h.district = history.district AND h.id = history.id AND h.seq < history.seq
      );
      CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
      UPDATE rows SET history_seq = (
        SELECT MAX(h.seq) FROM history h WHERE h.period = rows.period AND h.district = rows.district AND h.id = rows.id
      );
      DROP INDEX history_by_row;
    `,
  },
  {
    version: 14,
    description: 'a count of changes to api_keys, so a cache of keys is dropped only when a key changed, not on every commit by another connection',
    /*
     * The key cache was dropped whenever PRAGMA data_version said another connection had
     * committed. The service's sync worker is such a connection and commits many times a second,
     * so the cache was dropped on nearly every request and every key check read api_keys again.
     * The triggers count every change to api_keys, whoever makes it (the `keys` command in
     * another process too): the cache is dropped when the count moves.
     */
    sql: `
      CREATE TABLE key_changes (id INTEGER PRIMARY KEY CHECK (id = 1), count INTEGER NOT NULL);
      INSERT INTO key_changes (id, count) VALUES (1, 0);
      CREATE TRIGGER api_keys_insert_counted AFTER INSERT ON api_keys
        BEGIN UPDATE key_changes SET count = count + 1 WHERE id = 1; END;
      CREATE TRIGGER api_keys_update_counted AFTER UPDATE ON api_keys
        BEGIN UPDATE key_changes SET count = count + 1 WHERE id = 1; END;
      CREATE TRIGGER api_keys_delete_counted AFTER DELETE ON api_keys
        BEGIN UPDATE key_changes SET count = count + 1 WHERE id = 1; END;
    `,
  },
  // Versions 50-99: the reporting round (uploads merged three ways, periods, catalogue, audit).
  {
    version: 50,
    description: "each district's workbook as last uploaded or downloaded, the base of a three-way upload",
    sql: `
      CREATE TABLE upload_bases (
        period TEXT NOT NULL,
        district TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (period, district, id)
      );
    `,
  },
  {
    version: 51,
    description: "the coordinator's round: periods opened, LAA refs added and retired, keys' last use, and the audit log",
    sql: `
      CREATE TABLE periods (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        deadline TEXT,
        opened_at TEXT NOT NULL,
        opened_by TEXT NOT NULL
      );
      CREATE TABLE laa_refs (
        code TEXT PRIMARY KEY,
        title TEXT,
        retired_from TEXT,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL
      );
      CREATE TABLE key_use (
        id TEXT PRIMARY KEY,
        last_used_at TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL
      );
      -- The coordinator's record of changes is append-only, as row history is.
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
];

export function migrate(db: Database.Database, now: () => Date): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(...MIGRATIONS.map((m) => m.version));
  if (newest > known) {
    // A file written by a newer service: running old code over it could corrupt it.
    throw new Error(`the data file has schema version ${newest}, newer than this service knows (${known}); upgrade the service`);
  }
  const ran: number[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.description,
        now().toISOString(),
      );
    })();
    ran.push(migration.version);
  }
  return ran;
}
