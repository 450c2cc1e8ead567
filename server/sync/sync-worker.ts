/**
 * Worker entry (sync-engine.ts `createWorkerSyncEngine`): the sync use case over the worker's own
 * SQLite connection, row cache and group commit. Batches that arrive while a group is being
 * committed join the next group, as on the main thread; each answer (with the findings of the
 * batch's rows) is posted only after its group's commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PartnershipConfig } from '../../shared';
import { openSqliteStore, type SqliteStore } from '../store/sqlite-store';
import { createApplyPreparedBatch } from './apply-sync-batch';
import { serialiseError, type FromSyncWorker, type SyncWorkerData, type ToSyncWorker } from './sync-engine';

const data = workerData as SyncWorkerData;
const port = parentPort;
const post = (message: FromSyncWorker) => port?.postMessage(message);

let store: SqliteStore | null = null;
let fatal: ReturnType<typeof serialiseError> | null = null;
try {
  // The main thread opened, checked and migrated the file; this connection only uses it.
  store = openSqliteStore({ file: data.file, ...(data.maxBytes !== undefined ? { maxBytes: data.maxBytes } : {}) });
} catch (error) {
  fatal = serialiseError(error);
  post({ type: 'fatal', error: fatal });
}

let config: PartnershipConfig = data.config;
// The use case reads the configuration through this getter, so a 'config' message applies to
// every batch after it.
const apply = store ? createApplyPreparedBatch({ store, now: () => new Date(), get config() { return config; } }) : null;
const inFlight = new Set<Promise<void>>();
let isClosing = false;

port?.on('message', (message: ToSyncWorker) => {
  switch (message.type) {
    case 'config':
      config = message.config;
      break;
    case 'apply': {
      if (!apply || isClosing) {
        post({ type: 'answer', n: message.n, ok: false, error: fatal ?? { name: 'Error', message: 'the store is closed' } });
        break;
      }
      const done = apply(message.batch).then(
        (answer) => post({ type: 'answer', n: message.n, ok: true, answer }),
        (error: unknown) => post({ type: 'answer', n: message.n, ok: false, error: serialiseError(error) }),
      );
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
      break;
    }
    case 'close':
      isClosing = true;
      // Batches already accepted are committed (their group is flushed in the next turn) and
      // answered before the connection closes.
      void Promise.allSettled([...inFlight]).then(() => {
        store?.close();
        post({ type: 'closed' });
        port?.close();
      });
      break;
  }
});
