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
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrations';

export type SqliteDatabase = Database.Database;

/** Opens (creating when missing, with its folder) and migrates the database file. */
export function openDatabase(file: string, now: () => Date): SqliteDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Another process (the `keys` command) may hold the write lock for a moment.
  db.pragma('busy_timeout = 5000');
  migrate(db, now);
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
