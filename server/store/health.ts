/**
 * Whether the store can do its work, told truthfully.
 *
 * - At open, `PRAGMA quick_check` (https://sqlite.org/pragma.html#pragma_quick_check: every
 *   page's structure, without the index cross-checks of integrity_check) must say "ok"; a
 *   damaged file is refused with one line, before the service listens.
 * - At run time a SQLite error is sorted by its result code
 *   (https://sqlite.org/rescode.html): SQLITE_FULL is a full disk (507), SQLITE_CORRUPT and
 *   SQLITE_NOTADB a damaged file (503), SQLITE_IOERR a failing disk and SQLITE_BUSY a lock held
 *   too long (503). Each is answered with a plain message instead of "internal", and the first
 *   two are remembered so /readyz fails until the condition clears (a damaged file until the
 *   service is restarted on a repaired one; a full disk until a write succeeds again).
 * - /readyz asks `readiness()`: the remembered failures, free space on the data folder's file
 *   system above a floor, and a write that is rolled back (BEGIN IMMEDIATE takes the write lock,
 *   so this also fails when another process holds it).
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError, ErrorKind } from '../../shared';
import type { SqliteDatabase } from './database';

/** Free space below this on the data folder's file system makes /readyz fail (507). */
export const DEFAULT_DISK_FLOOR_BYTES = 64 * 1024 * 1024;

export type Readiness = { isReady: true; freeBytes: number } | { isReady: false; error: AppError };

export interface StoreHealth {
  /** The plain-words AppError for a SQLite failure (and remembers it), or null for anything else. */
  noteFailure(error: unknown): AppError | null;
  /** A write committed: a full disk has cleared. */
  noteWriteCommitted(): void;
  readiness(): Readiness;
}

/** Thrown by openDatabase for a file that fails quick_check: the message is one line. */
export class StoreDamagedError extends Error {
  constructor(file: string, detail: string) {
    super(`the database ${file} is damaged (${detail.split('\n')[0]?.slice(0, 200)}); refusing to start. Restore it from a backup, or move it aside to start empty.`);
    this.name = 'StoreDamagedError';
  }
}

/** Runs PRAGMA quick_check; throws StoreDamagedError unless it says "ok". */
export function checkIntegrity(db: SqliteDatabase, file: string): void {
  let result: string[];
  try {
    result = (db.pragma('quick_check') as Record<string, unknown>[]).map((r) => String(Object.values(r)[0]));
  } catch (error) {
    throw new StoreDamagedError(file, (error as Error).message);
  }
  if (result.length !== 1 || result[0] !== 'ok') throw new StoreDamagedError(file, result.join('; '));
}

const DAMAGED_MESSAGE =
  "The service's database is damaged, so it cannot read or store rows safely. Nothing was stored. Tell the coordinator: the service must be restored from a backup.";
const FULL_MESSAGE =
  "The service's disk is full, so nothing was stored. Tell the coordinator (the server needs space); send again once it has room. The add-in keeps your changes and resends them.";

function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

export function createStoreHealth(db: SqliteDatabase, file: string, options: { diskFloorBytes?: number } = {}): StoreHealth {
  const floor = options.diskFloorBytes ?? DEFAULT_DISK_FLOOR_BYTES;
  let damaged: AppError | null = null;
  let full: AppError | null = null;
  const probe = db.prepare('INSERT INTO ready_probe (at) VALUES (?)');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const rollback = db.prepare('ROLLBACK');

  function classify(error: unknown): AppError | null {
    if (error instanceof AppError) return error;
    const code = sqliteCode(error);
    if (code === null) return null;
    if (code === 'SQLITE_FULL') return new AppError(ErrorKind.insufficientStorage, 'disk-full', FULL_MESSAGE);
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new AppError(ErrorKind.unavailable, 'store-damaged', DAMAGED_MESSAGE);
    if (code.startsWith('SQLITE_IOERR')) {
      return new AppError(ErrorKind.unavailable, 'store-unavailable', "The service could not read or write its database (a disk error). Nothing was stored. Try again in a few minutes; tell the coordinator if it keeps happening.");
    }
    if (code.startsWith('SQLITE_BUSY')) {
      return new AppError(ErrorKind.unavailable, 'store-busy', 'The database is held by another process (for example a `keys` command) for longer than usual. Nothing was stored. Try again in a minute.');
    }
    return null;
  }

  return {
    noteFailure(error) {
      const known = classify(error);
      if (known?.code === 'store-damaged') damaged ??= known;
      if (known?.code === 'disk-full') full = known;
      return known;
    },
    noteWriteCommitted() {
      full = null;
    },
    readiness() {
      if (damaged) return { isReady: false, error: damaged };
      const stats = statfsSync(dirname(file));
      const freeBytes = Number(stats.bavail) * Number(stats.bsize);
      if (freeBytes < floor) {
        return {
          isReady: false,
          error: new AppError(ErrorKind.insufficientStorage, 'disk-full', `The service's disk has ${Math.floor(freeBytes / 1048576)} MB free, below its ${Math.floor(floor / 1048576)} MB floor. Free space on the server.`),
        };
      }
      if (full) return { isReady: false, error: full };
      try {
        begin.run();
        try {
          probe.run(new Date().toISOString());
        } finally {
          rollback.run();
        }
      } catch (error) {
        const known = this.noteFailure(error) ?? new AppError(ErrorKind.unavailable, 'store-unavailable', 'The service cannot write to its database right now.');
        return { isReady: false, error: known };
      }
      return { isReady: true, freeBytes };
    },
  };
}
