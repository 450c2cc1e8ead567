/** Worker entry: reads, checks and merges the districts' stored rows and renders the master, off the event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError, type PartnershipConfig } from '../../shared';
import { districtReturnsFromStored, mergeReturns } from '../../shared/merge';
import { openSqliteStore } from '../store/sqlite-store';
import { renderMasterWorkbook } from './write-master';

interface Job {
  /** The SQLite file: the worker reads the period's rows over its own connection (WAL lets it). */
  databaseFile: string;
  period: string;
  now: Date;
  config: PartnershipConfig;
}

const job = workerData as Job;
(async () => {
  const store = openSqliteStore({ file: job.databaseFile });
  let districts;
  try {
    districts = districtReturnsFromStored(store.listRows({ period: job.period }), store.districtActivity(job.period), job.config);
  } finally {
    store.close();
  }
  const model = mergeReturns({ period: job.period, districts, now: job.now }, job.config);
  const body = await renderMasterWorkbook(model);
  // Hand the bytes over without a copy.
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.length).slice();
  parentPort?.postMessage({ ok: true, result: bytes }, [bytes.buffer]);
})().catch((error: unknown) =>
  parentPort?.postMessage({
    ok: false,
    error: isAppError(error) ? { kind: error.kind, code: error.code, message: error.message } : null,
    detail: error instanceof Error ? error.message : String(error),
  }),
);
