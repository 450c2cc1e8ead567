/**
 * The master workbook for the service: the stored rows read, checked, merged and rendered in
 * a worker thread (with its own SQLite connection), one at a time
 * with two waiting, so a coordinator's download (seconds for a large partnership) never stalls
 * the districts' syncs on the service's event loop. The offline `merge` command renders in
 * its own process and does not need this.
 */
import { AppError, ErrorKind, type PartnershipConfig } from '../../shared';
import { createSlots, resolveWorkerFile, runWorker } from './workers';

const renderers = createSlots(
  1,
  2,
  () => new AppError(ErrorKind.tooManyRequests, 'master-busy', 'Other master workbooks are being made right now. Try again in a minute.'),
);

export async function renderMasterInWorker(
  input: { databaseFile: string; period: string; now: Date },
  config: PartnershipConfig,
): Promise<Buffer> {
  const bytes = await renderers.use(() =>
    runWorker<Uint8Array>(
      resolveWorkerFile('master-worker'),
      { ...input, config },
      { timeoutMs: 120_000, maxHeapMb: 2048 },
      {
        timeout: () => new AppError(ErrorKind.tooLarge, 'master-timeout', 'The master workbook took longer than two minutes to make.'),
        outOfMemory: () => new AppError(ErrorKind.tooLarge, 'master-out-of-memory', 'The master workbook needs more memory than the service allows.'),
        crashed: () => new Error('the master workbook worker stopped before it finished'),
      },
    ),
  );
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

const statusBuilders = createSlots(
  2,
  8,
  () => new AppError(ErrorKind.tooManyRequests, 'status-busy', "Other districts' status is being worked out right now. Try again in a minute."),
);

/** The coordinator's status for a period (buildMasterStatus), worked out in a worker thread. */
export async function buildMasterStatusInWorker<T>(input: { databaseFile: string; period: string; now: Date }, config: PartnershipConfig): Promise<T> {
  return statusBuilders.use(() =>
    runWorker<T>(
      resolveWorkerFile('status-worker'),
      { ...input, config },
      { timeoutMs: 60_000, maxHeapMb: 1024 },
      {
        timeout: () => new AppError(ErrorKind.tooLarge, 'status-timeout', "The districts' status took longer than a minute to work out."),
        outOfMemory: () => new AppError(ErrorKind.tooLarge, 'status-out-of-memory', "The districts' status needs more memory than the service allows."),
        crashed: () => new Error('the status worker stopped before it finished'),
      },
    ),
  );
}
