/**
 * What each district's workbook last had, per period: the rows as the last upload (or the last
 * "my return" download) left them, by row id. The upload plan (upload-plan.ts) merges three ways
 * against it, so a cell the workbook did not change since then leaves the service's newer value
 * alone. One table, `upload_bases` (migration 50), one JSON row per (period, district, id);
 * replaced whole inside the upload's own transaction.
 */
import type Database from 'better-sqlite3';
import type { RowPayload } from '../../shared';

export interface UploadBases {
  /** The district's base for the period, by row id; empty when it never uploaded or downloaded. */
  get(period: string, district: string): Map<string, RowPayload>;
  /** Replaces the district's base for the period; call inside the transaction that writes the rows. */
  set(period: string, district: string, rows: ReadonlyMap<string, RowPayload>, at: string): void;
}

export function createUploadBases(db: Database.Database): UploadBases {
  const select = db.prepare<[string, string], { id: string; data: string }>('SELECT id, data FROM upload_bases WHERE period = ? AND district = ? ORDER BY id');
  const clear = db.prepare('DELETE FROM upload_bases WHERE period = ? AND district = ?');
  const insert = db.prepare('INSERT INTO upload_bases (period, district, id, data, at) VALUES (?, ?, ?, ?, ?)');
  const replace = db.transaction((period: string, district: string, rows: ReadonlyMap<string, RowPayload>, at: string) => {
    clear.run(period, district);
    for (const [id, row] of rows) insert.run(period, district, id, JSON.stringify(row), at);
  });
  return {
    get(period, district) {
      // Written only from payloads that passed the schema on the way in (as the rows table).
      return new Map(select.all(period, district).map((r) => [r.id, JSON.parse(r.data) as RowPayload]));
    },
    set(period, district, rows, at) {
      replace(period, district, rows, at);
    },
  };
}
