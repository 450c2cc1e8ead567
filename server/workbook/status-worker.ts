/**
 * Worker entry: the coordinator's per-district status (GET /master/status), read, checked and
 * merged off the event loop over the worker's own SQLite connection, so a large period never
 * holds the districts' syncs or /healthz behind it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError, type PartnershipConfig } from '../../shared';
import { buildMasterStatus, districtReturnsFromStored, getPreviousPeriod, type MergeInput } from '../../shared/merge';
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
  const read = (period: string) => districtReturnsFromStored(store.listRows({ period }), store.districtActivity(period), job.config);
  let input: MergeInput;
  try {
    // The previous period's rows too, so an update repeated word for word is found (update-unchanged).
    const previous = getPreviousPeriod(job.config, job.period);
    input = {
      period: job.period,
      districts: read(job.period),
      now: job.now,
      ...(previous ? { previous: { period: previous, districts: read(previous) } } : {}),
    };
  } finally {
    store.close();
  }
  parentPort?.postMessage({ ok: true, result: buildMasterStatus(input, job.config) });
} catch (error) {
  parentPort?.postMessage({
    ok: false,
    error: isAppError(error) ? { kind: error.kind, code: error.code, message: error.message } : null,
    detail: error instanceof Error ? error.message : String(error),
  });
}
