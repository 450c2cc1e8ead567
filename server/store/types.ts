/**
 * What the routes and the master need from the store. SQLite (better-sqlite3) is the embedded
 * implementation (sqlite-store.ts); the interface keeps routes free of SQL.
 */
import type { StoredRow } from '../../shared';

export interface DistrictActivity {
  district: string;
  /** Live (not deleted) rows for the period. */
  rows: number;
  /** ISO time of the district's last accepted change for the period, or null. */
  lastSync: string | null;
}

export interface Store {
  /** Every district's live rows for a period (or one district's), in a stable order. */
  listRows(query: { period: string; district?: string; includeDeleted?: boolean }): StoredRow[];
  /** Per-district counts and last sync time for a period. */
  districtActivity(period: string): DistrictActivity[];
  close(): void;
}
