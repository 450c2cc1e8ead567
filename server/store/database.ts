/**
 * Opening the SQLite file: its folder, the pragmas every connection needs, and the schema
 * migrations (migrations.ts).
 *
 * Durability: WAL journal with synchronous=FULL, so a transaction is on disk (WAL fsynced)
 * before the service answers; a killed process or a power cut loses no acknowledged batch.
 * Measured on this kind of disk a 20-row transaction costs well under a millisecond, so there
 * is no reason to trade durability for speed with synchronous=NORMAL.
 *
 * better-sqlite3 is synchronous: a transaction runs to completion without yielding to the
 * event loop, so two requests never interleave inside one, and a batch is all-or-nothing
 * because any throw inside `db.transaction` rolls it back.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkIntegrity, StoreDamagedError } from './health';
import { migrate } from './migrations';

export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** Run PRAGMA quick_check first and refuse a damaged file (the service does; a short-lived reader need not). */
  isIntegrityChecked?: boolean;
  /** A cap on the file's size: SQLite answers SQLITE_FULL past it (PRAGMA max_page_count). */
  maxBytes?: number;
}

/**
 * Opens (creating when missing, with its folder) and migrates the database file.
 * A new file and folder are made readable by the service's user only (0600, 0700): the file
 * holds every district's rows and the key hashes. SQLite gives the -wal and -shm files the
 * database file's permissions (https://sqlite.org/tempfiles.html, unix VFS).
 * Throws StoreDamagedError (one line) for a file that is not a database or fails quick_check.
 */
export function openDatabase(file: string, now: () => Date, options: OpenDatabaseOptions = {}): SqliteDatabase {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) {
    try {
      // An empty file is a valid empty SQLite database.
      writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    if (options.isIntegrityChecked) checkIntegrity(db, file);
  } catch (error) {
    db.close();
    if (error instanceof StoreDamagedError) throw error;
    throw new StoreDamagedError(file, (error as Error).message);
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Another process (the `keys` command) may hold the write lock for a moment.
  db.pragma('busy_timeout = 5000');
  migrate(db, now);
  if (options.maxBytes !== undefined) {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
  }
  return db;
}

/**
 * Another process writing the file (the `keys` command) is seen through `PRAGMA data_version`,
 * which changes on every commit by another connection. Caches register a listener and drop
 * what they hold when it fires; `check()` is called before a cache is trusted.
 */
export interface OtherWriters {
  /** Fires the listeners when another connection has committed since the last check. */
  check(): void;
  onChange(listener: () => void): void;
}

export function watchOtherWriters(db: SqliteDatabase): OtherWriters {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seen = dataVersion.get() as number;
  const listeners: (() => void)[] = [];
  return {
    check() {
      const version = dataVersion.get() as number;
      if (version !== seen) {
        seen = version;
        for (const listener of listeners) listener();
      }
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}
