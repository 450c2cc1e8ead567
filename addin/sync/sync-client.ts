/**
 * The sync client: sends a district's row changes to POST /api/v1/sync and keeps what it has
 * not delivered. It runs wherever fetch and a localStorage-like store exist (the task pane, Node
 * tests, the fault test), with the clock and the ids injected.
 *
 * Rules:
 * - the sheet is the source of truth: `recordSheet` compares a sheet's rows with what the
 *   service acknowledged and queues only rows whose content changed, and deletions of rows that
 *   left the sheet; a row edited again before it is sent is queued once (latest wins);
 * - a batch is written to storage, with its batchId, before it is sent; until the service
 *   answers it, every retry (after a timeout, a restart, a closed pane) sends that same batch
 *   with that same id, so the service applies it once;
 * - network failures, 408, 429 and 5xx are retried with exponential backoff and jitter; other
 *   refusals (a revoked key, a row the service will not take) stop automatic retries and are
 *   shown; the rows stay unsent and are queued again by the next check of the sheet;
 * - a conflict (the service has a newer version) is kept for the officer: "keep mine" sends
 *   theirs' version as the base, "take the service's" returns the stored row to write back;
 *   the row is not sent while it is in conflict.
 */
import { ErrorBody, MAX_BATCH_CHANGES, SyncResponse, type Change, type RowPayload, type StoredRow } from '../../shared';
import { storageKey, type KeyValueStorage } from './storage';
import { emptyState, hashRow, SyncState, type Conflict, type SyncProblem } from './sync-state';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface SyncClientOptions {
  /** The service's origin, e.g. https://returns.example.org. */
  serviceUrl: string;
  key: string;
  period: string;
  fetch: FetchLike;
  storage: KeyValueStorage;
  now: () => Date;
  newBatchId: () => string;
  /** Office.context.partitionKey where there is one. */
  partitionKey?: string | null;
  backoff?: { baseMs: number; maxMs: number };
  random?: () => number;
}

export interface SheetRow {
  id: string;
  row: RowPayload;
}

export interface SyncStatus {
  /** Rows waiting to be sent, including those in a batch not yet answered. */
  waiting: number;
  isSending: boolean;
  isOffline: boolean;
  lastSyncedAt: string | null;
  nextAttemptAt: string | null;
  problem: SyncProblem | null;
  conflicts: Conflict[];
}

export type SyncResult =
  | { outcome: 'idle' }
  | { outcome: 'sent'; applied: number; conflicts: number }
  | { outcome: 'failed'; problem: SyncProblem };

const DEFAULT_BACKOFF = { baseMs: 1000, maxMs: 60_000 };

export class SyncClient {
  private state: SyncState;
  private readonly storageKey: string;
  private running: Promise<SyncResult> | null = null;
  private readonly listeners = new Set<(status: SyncStatus) => void>();

  constructor(private readonly options: SyncClientOptions) {
    const scope = `${options.serviceUrl.replace(/\/+$/, '')}|${fingerprint(options.key)}`;
    this.storageKey = storageKey(options.partitionKey ?? null, 'sync', scope, options.period);
    this.state = this.load();
  }

  /** Tells the client what a sheet holds now; returns how many rows were queued. */
  recordSheet(sheet: string, rows: readonly SheetRow[]): number {
    const state = this.state;
    const present = new Set<string>();
    let queued = 0;
    for (const { id, row } of rows) {
      present.add(id);
      queued += this.place(id, row, sheet) ? 1 : 0;
    }
    for (const [id, acked] of Object.entries(state.rows)) {
      if (acked.sheet !== sheet || acked.deleted || present.has(id)) continue;
      queued += this.place(id, null, sheet) ? 1 : 0;
    }
    // Rows whose creation or edit is in flight are the service's soon: gone from the sheet, they
    // must be deleted there too.
    const inflight = state.inflight;
    for (const change of inflight?.changes ?? []) {
      if (inflight!.sheets[change.id] !== sheet || present.has(change.id) || state.rows[change.id]) continue;
      queued += this.place(change.id, null, sheet) ? 1 : 0;
    }
    for (const [id, entry] of Object.entries(state.outbox)) {
      // A row added and removed again before it was ever sent: nothing to tell the service.
      if (entry.sheet === sheet && !present.has(id) && !state.rows[id] && !inflight?.changes.some((c) => c.id === id)) delete state.outbox[id];
    }
    this.save();
    return queued;
  }

  /** Queues one row's content (null: deleted); for callers that track rows themselves. */
  queueRow(id: string, row: RowPayload | null, sheet = ''): boolean {
    const queued = this.place(id, row, sheet);
    this.save();
    return queued;
  }

  /** Rows read from the service (Load my return): acknowledged as they are. */
  adoptRows(rows: readonly StoredRow[], sheet: string): void {
    for (const stored of rows) {
      this.state.rows[stored.id] = { version: stored.version, hash: hashRow(stored.deleted ? null : stored.row), deleted: stored.deleted, sheet };
      delete this.state.outbox[stored.id];
      delete this.state.conflicts[stored.id];
    }
    this.save();
  }

  status(): SyncStatus {
    const s = this.state;
    return {
      waiting: Object.keys(s.outbox).filter((id) => !s.inflight?.changes.some((c) => c.id === id)).length + (s.inflight?.changes.length ?? 0),
      isSending: this.running !== null,
      isOffline: s.problem?.kind === 'offline',
      lastSyncedAt: s.lastSyncedAt,
      nextAttemptAt: s.nextAttemptAt,
      problem: s.problem,
      conflicts: Object.values(s.conflicts),
    };
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  hasWork(): boolean {
    return this.state.inflight !== null || this.sendableIds().length > 0;
  }

  /** Milliseconds until an automatic attempt may run (0: now); Infinity when stopped by a refusal. */
  msUntilDue(): number {
    if (this.state.problem?.kind === 'refused') return Infinity;
    if (!this.state.nextAttemptAt) return 0;
    return Math.max(0, Date.parse(this.state.nextAttemptAt) - this.options.now().getTime());
  }

  /** Automatic sync: respects the backoff and stops after a refusal. */
  syncIfDue(): Promise<SyncResult> {
    if (!this.hasWork() || this.msUntilDue() > 0) return Promise.resolve({ outcome: 'idle' });
    return this.sync();
  }

  /** Sends everything waiting, batch after batch, until done or a batch fails. */
  sync(): Promise<SyncResult> {
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
        this.emit();
      });
      this.emit();
    }
    return this.running;
  }

  /** Keep the sheet's version: sent next with the service's version as its base. */
  keepMine(id: string): void {
    const conflict = this.state.conflicts[id];
    if (!conflict) return;
    delete this.state.conflicts[id];
    const acked = this.state.rows[id];
    this.state.rows[id] = { version: conflict.version, hash: hashRow(conflict.theirs), deleted: conflict.theirs === null, sheet: acked?.sheet ?? conflict.sheet };
    this.state.outbox[id] = { row: conflict.mine, sheet: conflict.sheet, queuedAt: this.options.now().toISOString() };
    this.save();
  }

  /** Take the service's version; returns it (null: deleted there) for the sheet to show. */
  takeTheirs(id: string): RowPayload | null {
    const conflict = this.state.conflicts[id];
    if (!conflict) return null;
    delete this.state.conflicts[id];
    delete this.state.outbox[id];
    this.state.rows[id] = { version: conflict.version, hash: hashRow(conflict.theirs), deleted: conflict.theirs === null, sheet: conflict.sheet };
    this.save();
    return conflict.theirs;
  }

  // ——— internals ———

  /** Puts a row's content in the outbox unless the service already has it; true when queued. */
  private place(id: string, row: RowPayload | null, sheet: string): boolean {
    const state = this.state;
    const conflict = state.conflicts[id];
    if (conflict) {
      conflict.mine = row;
      return false;
    }
    // Compare with what the service will hold once the batch in flight lands, not only with
    // what it has acknowledged: deleting a row whose creation is in flight, or undoing an edit
    // that is in flight, must still be sent.
    const acked = state.rows[id];
    const pending = state.inflight?.changes.find((change) => change.id === id);
    const isKnown = pending
      ? hashRow('deleted' in pending ? null : pending.row) === hashRow(row)
      : acked
        ? acked.hash === hashRow(row)
        : row === null;
    if (isKnown) {
      delete state.outbox[id];
      return false;
    }
    const existing = state.outbox[id];
    if (existing && hashRow(existing.row) === hashRow(row) && existing.row?.rowNumber === row?.rowNumber) return false;
    state.outbox[id] = { row, sheet, queuedAt: existing?.queuedAt ?? this.options.now().toISOString() };
    return true;
  }

  private sendableIds(): string[] {
    const s = this.state;
    return Object.keys(s.outbox).filter((id) => !s.conflicts[id]);
  }

  private async drain(): Promise<SyncResult> {
    let applied = 0;
    let conflicts = 0;
    let isSent = false;
    for (;;) {
      if (!this.state.inflight && !this.prepareBatch()) break;
      const result = await this.sendInflight();
      if (result.outcome === 'failed') return result;
      if (result.outcome === 'sent') {
        isSent = true;
        applied += result.applied;
        conflicts += result.conflicts;
      }
    }
    return isSent ? { outcome: 'sent', applied, conflicts } : { outcome: 'idle' };
  }

  /** Moves up to one batch of the outbox into a stored in-flight batch; false when empty. */
  private prepareBatch(): boolean {
    const state = this.state;
    const ids = this.sendableIds().slice(0, MAX_BATCH_CHANGES);
    const changes: Change[] = [];
    const sheets: Record<string, string> = {};
    for (const id of ids) {
      const entry = state.outbox[id]!;
      delete state.outbox[id];
      const acked = state.rows[id];
      if (acked && acked.hash === hashRow(entry.row)) continue;
      const baseVersion = acked?.version ?? 0;
      if (entry.row === null) {
        if (!acked || acked.deleted) continue;
        changes.push({ id, baseVersion, deleted: true });
      } else {
        changes.push({ id, baseVersion, row: entry.row });
      }
      sheets[id] = entry.sheet;
    }
    if (changes.length === 0) {
      this.save();
      return false;
    }
    state.inflight = { batchId: this.options.newBatchId(), changes, sheets, firstSentAt: this.options.now().toISOString() };
    // Stored before sending: a crash from here on resends this very batch.
    this.save();
    return true;
  }

  private async sendInflight(): Promise<SyncResult> {
    const state = this.state;
    const batch = state.inflight!;
    let response: Awaited<ReturnType<FetchLike>>;
    let text: string;
    try {
      response = await this.options.fetch(`${this.options.serviceUrl.replace(/\/+$/, '')}/api/v1/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.key}` },
        body: JSON.stringify({ period: this.options.period, batchId: batch.batchId, changes: batch.changes }),
      });
      text = await response.text();
    } catch (error) {
      return this.fail({ kind: 'offline', message: `The service cannot be reached (${describe(error)}). Your changes are kept and sent when it answers.` });
    }
    if (response.status === 200) {
      const parsed = SyncResponse.safeParse(safeJson(text));
      if (!parsed.success) return this.fail({ kind: 'server', message: 'The service answered in a form this add-in does not understand; trying again.' });
      return this.acknowledge(batch.changes, batch.sheets, parsed.data);
    }
    const message = ErrorBody.safeParse(safeJson(text));
    const said = message.success ? message.data.error.message : `HTTP ${response.status}`;
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get('retry-after'));
      return this.fail({ kind: 'server', message: `The service is busy or failing (${said}); trying again.` }, Number.isFinite(retryAfter) ? retryAfter * 1000 : 0);
    }
    // Refused for good: retrying the same batch cannot help. The rows stay unacknowledged,
    // so the next check of the sheet queues them again once the cause is fixed.
    state.inflight = null;
    return this.fail({ kind: 'refused', message: said });
  }

  private acknowledge(changes: readonly Change[], sheets: Record<string, string>, response: SyncResponse): SyncResult {
    const state = this.state;
    const sent = new Map(changes.map((c) => [c.id, c]));
    for (const { id, version } of response.applied) {
      const change = sent.get(id);
      if (!change) continue;
      const row = 'deleted' in change ? null : change.row;
      state.rows[id] = { version, hash: hashRow(row), deleted: row === null, sheet: sheets[id] ?? state.rows[id]?.sheet ?? '' };
    }
    for (const conflict of response.conflicts) {
      const change = sent.get(conflict.id);
      if (!change) continue;
      const queued = state.outbox[conflict.id];
      delete state.outbox[conflict.id];
      state.conflicts[conflict.id] = {
        id: conflict.id,
        mine: queued ? queued.row : 'deleted' in change ? null : change.row,
        theirs: conflict.row,
        version: conflict.version,
        sheet: sheets[conflict.id] ?? '',
      };
    }
    state.inflight = null;
    state.failures = 0;
    state.nextAttemptAt = null;
    state.problem = null;
    state.lastSyncedAt = this.options.now().toISOString();
    this.save();
    return { outcome: 'sent', applied: response.applied.length, conflicts: response.conflicts.length };
  }

  private fail(problem: SyncProblem, atLeastMs = 0): SyncResult {
    const state = this.state;
    state.problem = problem;
    if (problem.kind === 'refused') {
      state.nextAttemptAt = null;
    } else {
      state.failures += 1;
      const { baseMs, maxMs } = this.options.backoff ?? DEFAULT_BACKOFF;
      const random = this.options.random ?? Math.random;
      const ceiling = Math.min(maxMs, baseMs * 2 ** (state.failures - 1));
      const wait = Math.max(atLeastMs, Math.round(ceiling * (0.5 + random() * 0.5)));
      state.nextAttemptAt = new Date(this.options.now().getTime() + wait).toISOString();
    }
    this.save();
    return { outcome: 'failed', problem };
  }

  private load(): SyncState {
    const text = this.options.storage.getItem(this.storageKey);
    if (text === null) return emptyState(this.options.period);
    const parsed = SyncState.safeParse(safeJson(text));
    // A damaged record cannot be trusted; the next check of the sheet queues every row again.
    return parsed.success && parsed.data.period === this.options.period ? parsed.data : emptyState(this.options.period);
  }

  private save(): void {
    this.options.storage.setItem(this.storageKey, JSON.stringify(this.state));
    this.emit();
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The key is not stored in the state's name, only a short digest of it. */
function fingerprint(key: string): string {
  return hashRow({ outcome: key, aim: '', laaRefs: [], action: '', update: '', status: null }).split('.')[0]!;
}
