/**
 * What the routes and the master need from the store. SQLite (better-sqlite3) is the embedded
 * implementation (sqlite-store.ts and its parts); the interface keeps routes free of SQL.
 */
import type { AppError, Change, RowPayload, StoredRow, SyncResponse } from '../../shared';
import type { Readiness } from './health';
import type { RoundStore } from './round';
import type { PlanEntry } from './upload-plan';

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
  /** One page of the live rows (offset and limit in rows), in listRows's order. */
  listRowsPage(query: { period: string; district?: string; offset: number; limit: number }): StoredRow[];
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

/** A sync answer without its findings: what the store keeps for a replay. */
export type BatchAnswer = Pick<SyncResponse, 'applied' | 'conflicts'>;

export interface SyncBatch {
  period: string;
  district: string;
  /** The client's id for the batch, unique within its district (batches of two districts never meet). */
  batchId: string;
  /**
   * SHA-256 (hex) of the canonical batch (period and checked changes): the same batchId with
   * another digest is a different batch, refused with 409 batch-id-reused, never replayed.
   */
  digest: string;
  /** The district's quotas for the period; a batch that would take it past one (and grows) is refused, 413. */
  quotas?: { rowsPerPeriod: number; charactersPerPeriod: number };
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
   * Applies a batch whole or not at all; resolves once it is committed to disk with what was
   * applied and what conflicted (the stored answer, replayed for a repeated batchId, holds no
   * findings, so it is bounded by the batch). Refuses a reused batchId (409 batch-id-reused)
   * and a new row with another district's id (409 row-id-of-another-district).
   */
  applyBatch(batch: SyncBatch): Promise<{ response: BatchAnswer; isReplay: boolean }>;
  /** The district's live rows as committed, in table order; the same objects until a row changes (cached). */
  liveRows(period: string, district: string): StoredRow[];
  /**
   * The district's live rows named by `ids` and every live row whose action has the same
   * comparison key (shared/text/normalise) as one of theirs, in table order: the rows a change
   * to `ids` can give or take a duplicate-action finding. Bounded by those rows, not the district.
   */
  liveRowsSharingAction(period: string, district: string, ids: Iterable<string>): StoredRow[];
  /** A write committed through another connection of this service (its sync worker): a full disk is no longer full. */
  noteWriteCommitted(): void;
  applyUpload(input: UploadInput): UploadResult;
  /**
   * Records the rows a workbook the service made for the district ("my return") holds, as the
   * base of the next upload's three-way merge (upload-bases.ts).
   */
  recordWorkbookBase(input: { period: string; district: string; rows: ReadonlyMap<string, RowPayload>; at: string }): void;
  /** The coordinator's round: periods, catalogue changes, keys' last use, audit log (round.ts). */
  readonly round: RoundStore;
  /** Can the store write now (for /readyz): no damage seen, disk space above the floor, a write rolled back. */
  readiness(): Readiness;
  /** The plain-words error (503 damaged or unavailable, 507 disk full) for a SQLite failure, remembered for readiness; null for others. */
  noteFailure(error: unknown): AppError | null;
  /** A row's changes within one district, oldest first. */
  rowHistory(query: { period: string; id: string; district: string }): HistoryEntry[];
  /** The districts that have a row with this id in the period (one, unless an old file has it twice). */
  rowDistricts(query: { period: string; id: string }): string[];
}
