/**
 * Group commit: under load the fsync of synchronous=FULL (0.3 ms idle, 3 ms on a busy disk)
 * would dominate a sync. Jobs that arrive in the same turn of the event loop are applied one
 * after another, each in its own savepoint (a job that throws rolls back alone), inside one
 * transaction with one fsync; every job's promise settles only after that commit. Durability
 * and the order of jobs are the same as one transaction each; only the fsyncs are shared.
 */
import type { SqliteDatabase } from './database';

/** What the group commit tells the caches around it; all are called synchronously. */
export interface GroupCommitHooks {
  /** Inside the transaction, before the first job: the write lock is held. */
  begin(): void;
  /** Before each job: a point to roll its cache changes back to. */
  mark(): number;
  /** The job threw and its savepoint was rolled back. */
  undoTo(mark: number): void;
  /** The transaction committed. */
  committed(): void;
  /** The transaction did not commit (BEGIN or COMMIT failed). */
  failed(): void;
}

export interface GroupCommit<Job, Result> {
  /** Resolves once the job is committed to disk; rejects with the job's own error or the commit's. */
  submit(job: Job): Promise<Result>;
  /** Commits what is pending now (used before closing). */
  flush(): void;
  /** Refuses what is still pending and anything submitted later. */
  close(): void;
}

type Outcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

export function createGroupCommit<Job, Result>(db: SqliteDatabase, apply: (job: Job) => Result, hooks: GroupCommitHooks): GroupCommit<Job, Result> {
  interface Pending {
    job: Job;
    resolve: (result: Result) => void;
    reject: (error: unknown) => void;
  }
  let pending: Pending[] = [];
  let isClosed = false;
  // Nested db.transaction: better-sqlite3 runs it in a savepoint, so a failing job undoes only itself.
  const applyOne = db.transaction(apply);
  const commitGroup = db.transaction((group: Pending[]): Outcome<Result>[] => {
    hooks.begin();
    return group.map((entry) => {
      const mark = hooks.mark();
      try {
        return { ok: true as const, value: applyOne(entry.job) };
      } catch (error) {
        hooks.undoTo(mark);
        return { ok: false as const, error };
      }
    });
  });

  function flush(): void {
    const group = pending;
    pending = [];
    if (group.length === 0) return;
    if (isClosed) {
      group.forEach((entry) => entry.reject(new Error('the store is closed')));
      return;
    }
    let outcomes: Outcome<Result>[];
    try {
      outcomes = commitGroup.immediate(group);
    } catch (error) {
      hooks.failed();
      group.forEach((entry) => entry.reject(error));
      return;
    }
    hooks.committed();
    outcomes.forEach((outcome, i) => {
      const entry = group[i] as Pending;
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    });
  }

  return {
    submit(job) {
      return new Promise((resolve, reject) => {
        if (isClosed) {
          reject(new Error('the store is closed'));
          return;
        }
        if (pending.length === 0) setImmediate(flush);
        pending.push({ job, resolve, reject });
      });
    },
    flush,
    close() {
      isClosed = true;
      const group = pending;
      pending = [];
      group.forEach((entry) => entry.reject(new Error('the store is closed')));
    },
  };
}
