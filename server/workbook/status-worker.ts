/**
 * Worker entry: the coordinator's per-district status (GET /master/status), read, checked and
 * merged off the event loop over the worker's own SQLite connection, so a large period never
 * holds the districts' syncs or /healthz behind it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError, type PartnershipConfig } from '../../shared';
import { buildMasterStatus } from '../../shared/merge';
import { readMergeInput } from './read-merge-input';

interface Job {
  databaseFile: string;
  period: string;
  now: Date;
  config: PartnershipConfig;
}

const job = workerData as Job;
try {
  const input = readMergeInput(job.databaseFile, job.period, job.now, job.config);
  parentPort?.postMessage({ ok: true, result: buildMasterStatus(input, job.config) });
} catch (error) {
  parentPort?.postMessage({
    ok: false,
    error: isAppError(error) ? { kind: error.kind, code: error.code, message: error.message } : null,
    detail: error instanceof Error ? error.message : String(error),
  });
}
