/**
 * The coordinator's round, kept in the service rather than the configuration file (which stays
 * the default and the seed): periods opened with a deadline, LAA refs added or retired from a
 * period, when each key was last used, and the audit log of every change the coordinator makes
 * (who, when, what). Tables from migration 51; the audit log is append-only (triggers).
 */
import type { SqliteDatabase } from './database';

export interface OpenedPeriod {
  id: string;
  label: string;
  /** ISO date (YYYY-MM-DD) returns are due, or null. */
  deadline: string | null;
  openedAt: string;
  openedBy: string;
}

export interface CatalogueChange {
  code: string;
  title: string | null;
  /** The first period the ref no longer applies to; null while it is in use. */
  retiredFrom: string | null;
  changedAt: string;
  changedBy: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  /** The key id that made the change. */
  who: string;
  /** What was done, e.g. `period.open`, `laa-ref.add`, `key.revoke`. */
  action: string;
  details: Record<string, unknown>;
}

export interface RoundStore {
  listPeriods(): OpenedPeriod[];
  /** Records the period (and the audit entry) in one transaction; false when the id exists. */
  openPeriod(period: Omit<OpenedPeriod, 'openedAt' | 'openedBy'>, who: string, at: string): boolean;
  listCatalogueChanges(): CatalogueChange[];
  /** Adds or edits a ref (title, retirement), with its audit entry, in one transaction. */
  changeRef(change: Omit<CatalogueChange, 'changedAt' | 'changedBy'>, action: string, who: string, at: string): void;
  /**
   * Notes that a key was used: in memory, so a request stays read-only (a refused request
   * changes nothing in the file); written to the file by flushKeyUse (every minute while the
   * service runs, and when the store closes).
   */
  noteKeyUse(id: string, at: Date): void;
  /** Last use by key id: the file's, updated by what this process saw since it started. */
  keyLastUse(): Map<string, string>;
  /** Writes the last uses seen since the last flush (nothing to write: no transaction at all). */
  flushKeyUse(): void;
  audit(who: string, action: string, details: Record<string, unknown>, at: string): void;
  listAudit(limit?: number): AuditEntry[];
}

export function createRoundStore(db: SqliteDatabase): RoundStore {
  const s = {
    periods: db.prepare<[], { id: string; label: string; deadline: string | null; opened_at: string; opened_by: string }>('SELECT * FROM periods ORDER BY id'),
    insertPeriod: db.prepare('INSERT OR IGNORE INTO periods (id, label, deadline, opened_at, opened_by) VALUES (?, ?, ?, ?, ?)'),
    refs: db.prepare<[], { code: string; title: string | null; retired_from: string | null; changed_at: string; changed_by: string }>('SELECT * FROM laa_refs ORDER BY code'),
    upsertRef: db.prepare(
      'INSERT INTO laa_refs (code, title, retired_from, changed_at, changed_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET title = excluded.title, retired_from = excluded.retired_from, changed_at = excluded.changed_at, changed_by = excluded.changed_by',
    ),
    keyUse: db.prepare('INSERT INTO key_use (id, last_used_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET last_used_at = excluded.last_used_at'),
    keyUses: db.prepare<[], { id: string; last_used_at: string }>('SELECT * FROM key_use'),
    audit: db.prepare('INSERT INTO audit_log (at, who, action, details) VALUES (?, ?, ?, ?)'),
    listAudit: db.prepare<[number], { seq: number; at: string; who: string; action: string; details: string }>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?'),
  };
  const seen = new Map<string, string>();
  const writeKeyUse = db.transaction((entries: [string, string][]) => {
    for (const [id, at] of entries) s.keyUse.run(id, at);
  });
  const audit = (who: string, action: string, details: Record<string, unknown>, at: string) => {
    s.audit.run(at, who, action, JSON.stringify(details));
  };
  const openPeriod = db.transaction((period: Omit<OpenedPeriod, 'openedAt' | 'openedBy'>, who: string, at: string): boolean => {
    const isNew = s.insertPeriod.run(period.id, period.label, period.deadline, at, who).changes === 1;
    if (isNew) audit(who, 'period.open', { ...period }, at);
    return isNew;
  });
  const changeRef = db.transaction((change: Omit<CatalogueChange, 'changedAt' | 'changedBy'>, action: string, who: string, at: string) => {
    s.upsertRef.run(change.code, change.title, change.retiredFrom, at, who);
    audit(who, action, { ...change }, at);
  });
  return {
    listPeriods: () => s.periods.all().map((r) => ({ id: r.id, label: r.label, deadline: r.deadline, openedAt: r.opened_at, openedBy: r.opened_by })),
    openPeriod: (period, who, at) => openPeriod(period, who, at),
    listCatalogueChanges: () => s.refs.all().map((r) => ({ code: r.code, title: r.title, retiredFrom: r.retired_from, changedAt: r.changed_at, changedBy: r.changed_by })),
    changeRef: (change, action, who, at) => changeRef(change, action, who, at),
    noteKeyUse(id, at) {
      seen.set(id, at.toISOString());
    },
    keyLastUse: () => new Map([...s.keyUses.all().map((r) => [r.id, r.last_used_at] as const), ...seen]),
    flushKeyUse: () => {
      if (seen.size === 0) return;
      const entries = [...seen];
      writeKeyUse(entries);
      // Forgotten only once written (a failed write keeps them for the next try), and only if
      // no later use came in meanwhile.
      for (const [id, at] of entries) if (seen.get(id) === at) seen.delete(id);
    },
    audit,
    listAudit: (limit = 200) => s.listAudit.all(limit).map((r) => ({ seq: r.seq, at: r.at, who: r.who, action: r.action, details: JSON.parse(r.details) as Record<string, unknown> })),
  };
}
