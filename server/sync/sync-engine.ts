/**
 * Where a district's sync batch is applied: the same use case (apply-sync-batch.ts) in one of
 * two places, behind one contract.
 *
 * - **In process** (`createInProcessSyncEngine`): over the app's own store; what `createApp`
 *   uses when it is given no engine (tests that build the app alone).
 * - **On a worker thread** (`createWorkerSyncEngine`): the service's. The worker opens its own
 *   SQLite connection to the same file (WAL: readers never wait, writers take turns) with its
 *   own row cache and group commit, and computes the answer's findings there. Profiled at 50
 *   connections, the main thread was 98% busy and a third of that was SQLite (statements,
 *   commit and fsync, which block the thread that runs them); on the worker, the main thread
 *   only parses, authenticates and answers, and /healthz or another district's GET never
 *   waits behind a commit.
 *
 * Durability is unchanged: the worker answers a batch only after its group's commit (synchronous
 * = FULL), and a batch is acknowledged to the district only after that answer. The fault run
 * (`npm run test:faults`, SIGKILLs of the whole process) is the guard.
 */
import { Worker } from 'node:worker_threads';
import { AppError, ErrorKind, type PartnershipConfig } from '../../shared';
import type { SyncStore } from '../store/types';
import { resolveWorkerFile } from '../workbook/workers';
import { createApplySyncBatch, prepareSyncBatch, type PreparedBatch, type SyncAnswer, type SyncCommand } from './apply-sync-batch';

export interface SyncEngine {
  /** Applies one district's batch; rejects with the use case's AppError or the store's error. */
  apply(command: SyncCommand): Promise<SyncAnswer>;
  /** Commits what is accepted, then stops; later applies are refused. */
  close(): Promise<void>;
}

/** The use case over the app's own store, on the calling thread. */
export function createInProcessSyncEngine(deps: { config: PartnershipConfig; store: SyncStore; now: () => Date }): SyncEngine {
  const apply = createApplySyncBatch(deps);
  return { apply, close: async () => undefined };
}

/** An error as it crosses from the worker: an AppError whole, else name, message and SQLite code. */
export interface SerialisedError {
  app?: { kind: ErrorKind; code: string; message: string; details: unknown };
  name: string;
  message: string;
  code?: string;
}

export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof AppError) {
    return { app: { kind: error.kind, code: error.code, message: error.message, details: error.details }, name: error.name, message: error.message };
  }
  const code = (error as { code?: unknown } | null)?.code;
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/**
 * The error again on the main thread: an AppError as it was thrown, or an Error carrying the
 * SQLite code, so the store's health (full disk → 507, damaged file → 503) classifies it as if
 * it had been thrown here.
 */
export function deserialiseError(serialised: SerialisedError): Error {
  if (serialised.app) return new AppError(serialised.app.kind, serialised.app.code, serialised.app.message, serialised.app.details);
  const error = new Error(serialised.message) as Error & { code?: string };
  error.name = serialised.name;
  if (serialised.code !== undefined) error.code = serialised.code;
  return error;
}

/** What the main thread sends the worker. */
export type ToSyncWorker =
  | { type: 'config'; config: PartnershipConfig }
  | { type: 'apply'; n: number; batch: PreparedBatch }
  | { type: 'close' };

/** What the worker sends back. */
export type FromSyncWorker =
  | { type: 'answer'; n: number; ok: true; answer: SyncAnswer }
  | { type: 'answer'; n: number; ok: false; error: SerialisedError }
  /** The worker could not open its store: every batch sent is refused with this. */
  | { type: 'fatal'; error: SerialisedError }
  | { type: 'closed' };

/** What the worker is started with. */
export interface SyncWorkerData {
  file: string;
  /** The same cap on the file's size as the main connection's (a per-connection pragma). */
  maxBytes?: number;
  config: PartnershipConfig;
}

export interface WorkerSyncEngineOptions {
  /** The SQLite file the service's store has opened (and migrated) already. */
  file: string;
  maxBytes?: number;
  /** The configuration now (the coordinator's page changes it); sent to the worker when it changes. */
  getConfig: () => PartnershipConfig;
  /** After each batch the worker committed (the store's health clears a full-disk state). */
  onCommitted?: () => void;
  /** Milliseconds close() waits for the worker to commit and stop before ending it. */
  closeTimeoutMs?: number;
}

const unavailable = () =>
  new AppError(ErrorKind.unavailable, 'store-unavailable', 'The service could not apply the batch just now (its sync worker stopped). Nothing was stored. Try again in a minute.');

/**
 * The use case on one long-lived worker thread. A worker that stops unexpectedly fails only the
 * batches it held (503, nothing stored: their transaction never committed, or the district's
 * retry of the same batchId is answered from the stored answer), and the next batch starts a
 * new one.
 */
export function createWorkerSyncEngine(options: WorkerSyncEngineOptions): SyncEngine {
  const file = resolveWorkerFile('sync-worker', __dirname);
  const waiting = new Map<number, { resolve: (answer: SyncAnswer) => void; reject: (error: Error) => void }>();
  let next = 0;
  let worker: Worker | null = null;
  let sentConfig: PartnershipConfig | null = null;
  let isClosed = false;
  let closing: Promise<void> | null = null;

  const failAll = (error: Error) => {
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };

  function start(): Worker {
    const config = options.getConfig();
    const data: SyncWorkerData = { file: options.file, config, ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) };
    const started = new Worker(file, { workerData: data });
    sentConfig = config;
    // The server's sockets keep the process alive; a worker left open must not.
    started.unref();
    started.on('message', (message: FromSyncWorker) => {
      if (message.type === 'answer') {
        const entry = waiting.get(message.n);
        if (!entry) return;
        waiting.delete(message.n);
        if (message.ok) {
          options.onCommitted?.();
          entry.resolve(message.answer);
        } else {
          entry.reject(deserialiseError(message.error));
        }
      } else if (message.type === 'fatal') {
        failAll(deserialiseError(message.error));
      }
    });
    started.on('error', () => failAll(unavailable()));
    started.on('exit', () => {
      if (worker === started) worker = null;
      failAll(unavailable());
    });
    return started;
  }

  return {
    apply(command) {
      if (isClosed) return Promise.reject(new Error('the store is closed'));
      const config = options.getConfig();
      let batch: PreparedBatch;
      try {
        // Refusals that need no stored row are made here, and the hashing with them: the
        // worker's thread is the busier one.
        batch = prepareSyncBatch(command, config);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      worker ??= start();
      if (config !== sentConfig) {
        // Messages arrive in order: this batch is checked against the new configuration.
        worker.postMessage({ type: 'config', config } satisfies ToSyncWorker);
        sentConfig = config;
      }
      const n = next++;
      return new Promise<SyncAnswer>((resolve, reject) => {
        waiting.set(n, { resolve, reject });
        worker?.postMessage({ type: 'apply', n, batch } satisfies ToSyncWorker);
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        isClosed = true;
        const running = worker;
        if (!running) {
          resolve();
          return;
        }
        const timer = setTimeout(() => void running.terminate(), options.closeTimeoutMs ?? 10_000);
        running.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        // The worker commits what it has accepted, closes its connection and exits.
        running.postMessage({ type: 'close' } satisfies ToSyncWorker);
      });
      return closing;
    },
  };
}
