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
