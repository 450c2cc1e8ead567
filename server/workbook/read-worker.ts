/** Worker entry: reads one workbook and posts the result or a plain error back. */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError, type PartnershipConfig } from '../../shared';
import { readReturnInProcess } from './read-sheets';

interface Job {
  data: Uint8Array;
  config: PartnershipConfig;
  period?: string;
}

const job = workerData as Job;
readReturnInProcess(job.data, job.config, job.period).then(
  (result) => parentPort?.postMessage({ ok: true, result }),
  (error: unknown) =>
    parentPort?.postMessage({
      ok: false,
      error: isAppError(error)
        ? { kind: error.kind, code: error.code, message: error.message }
        : { kind: 'unreadable-workbook', code: 'damaged', message: 'The workbook is damaged and cannot be read. Save it again from Excel.' },
    }),
);
