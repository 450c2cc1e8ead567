/**
 * What the routes and the master need from the store. SQLite (better-sqlite3) is the embedded
 * implementation (sqlite-store.ts and its parts); the interface keeps routes free of SQL.
 */
import type { RoundStore } from './round';
import type { PlanEntry } from './upload-plan';
import type { Change, Finding, RowPayload, StoredRow, SyncResponse } from '../../shared';

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

/** Where a change came from: the add-in's sync, or an uploaded workbook. */
export type ChangeSource = 'sync' | 'upload';

export interface HistoryEntry {
  id: string;
  period: string;
  district: string;
  /** The row's version after this change. */
  version: number;
  /** The key id that made the change. */
  who: string;
  at: string;
  source: ChangeSource;
  batchId: string | null;
  /** The row before the change; null when it did not exist or was deleted. */
  before: RowPayload | null;
  /** The row after the change; null when the change deleted it. */
  after: RowPayload | null;
}

export interface SyncBatch {
  period: string;
  district: string;
  batchId: string;
  /** Already checked: outcomes are the configuration's names. */
  changes: readonly Change[];
  who: string;
  at: string;
}

/** A row read from an uploaded workbook: its Row ID when the sheet has that column. */
export interface UploadRow {
  id: string | null;
  row: RowPayload;
}

export interface UploadInput {
  period: string;
  district: string;
  rows: readonly UploadRow[];
  who: string;
  at: string;
  /** Work out what would change, but write nothing. */
  dryRun: boolean;
  /** Also delete the stored rows the workbook no longer has (the officer confirmed them). */
  confirm?: boolean;
}

export interface UploadResult {
  /** The district's live rows for the period after the upload (or as they would be). */
  rows: StoredRow[];
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** The whole plan (upload-plan.ts): additions, changes, rows left, deletions and conflicts. */
  plan: PlanEntry[];
}

export interface ApiKeyRecord {
  id: string;
  role: 'district' | 'coordinator';
  district: string | null;
  /** SHA-256 of the secret part of the key. */
  hash: Buffer;
  createdAt: string;
  revokedAt: string | null;
}

export interface KeyStore {
  insertKey(record: ApiKeyRecord): void;
  findKey(id: string): ApiKeyRecord | undefined;
  listKeys(): ApiKeyRecord[];
  /** Marks the key revoked; false when there is no such key or it was revoked already. */
  revokeKey(id: string, at: string): boolean;
}

/** The whole store the sync service uses: rows, history, batches and keys. */
export interface SyncStore extends Store, KeyStore {
  /** The database file, so a worker can open its own connection to read (the master). */
  readonly file: string;
  /**
   * Applies a batch whole or not at all. `findingsFor` runs inside the same transaction on the
   * district's live rows after the batch, so the stored answer (replayed for a repeated batchId)
   * carries the findings of that moment. Resolves once the batch is committed to disk.
   */
  applyBatch(batch: SyncBatch, findingsFor: (rows: StoredRow[]) => Finding[]): Promise<{ response: SyncResponse; isReplay: boolean }>;
  applyUpload(input: UploadInput): UploadResult;
  /**
   * Records the rows a workbook the service made for the district ("my return") holds, as the
   * base of the next upload's three-way merge (upload-bases.ts).
   */
  /** The coordinator's round: periods, catalogue changes, keys' last use, audit log (round.ts). */
  readonly round: RoundStore;
  recordWorkbookBase(input: { period: string; district: string; rows: ReadonlyMap<string, RowPayload>; at: string }): void;
  /** A row's changes, oldest first; every district's row of that id for the coordinator. */
  rowHistory(query: { period: string; id: string; district?: string }): HistoryEntry[];
}
