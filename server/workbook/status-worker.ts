/**
 * Worker entry: the coordinator's per-district status (GET /master/status), read, checked and
 * merged off the event loop over the worker's own SQLite connection, so a large period never
 * holds the districts' syncs or /healthz behind it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError, type PartnershipConfig } from '../../shared';
import { buildMasterStatus, districtReturnsFromStored } from '../../shared/merge';
import { openSqliteStore } from '../store/sqlite-store';

interface Job {
  databaseFile: string;
  period: string;
  now: Date;
  config: PartnershipConfig;
}

const job = workerData as Job;
try {
  const store = openSqliteStore({ file: job.databaseFile });
  let districts;
  try {
    districts = districtReturnsFromStored(store.listRows({ period: job.period }), store.districtActivity(job.period), job.config);
  } finally {
    store.close();
  }
  parentPort?.postMessage({ ok: true, result: buildMasterStatus({ period: job.period, districts, now: job.now }, job.config) });
} catch (error) {
  parentPort?.postMessage({
    ok: false,
    error: isAppError(error) ? { kind: error.kind, code: error.code, message: error.message } : null,
    detail: error instanceof Error ? error.message : String(error),
  });
}
