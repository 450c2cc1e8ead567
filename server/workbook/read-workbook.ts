/**
 * Reading a return workbook (an upload, or a file given to `check` or `merge`) so that no file
 * can take the process down: the zip guard runs first, here, before any worker starts (its
 * directory checks inflate nothing; its size proof is a streaming, discarding inflate on the
 * thread pool), then the reader runs in a worker thread with a heap limit and a wall-clock
 * limit, two at a time with eight waiting (more get "try again"). A
 * hostile or broken file ends as an AppError with a message a person can act on; the caller's
 * process carries on.
 */
import { AppError, ErrorKind, type CheckedReturn, type PartnershipConfig } from '../../shared';
import { createSlots, resolveWorkerFile, runWorker } from './workers';
import { guardZip } from './zip-guard';

export interface ReadWorkbookOptions {
  /** Wall-clock limit for unpacking and reading; default 30 s. */
  timeoutMs?: number;
  /** Heap limit of the reading worker; default 768 MB. */
  maxHeapMb?: number;
  /**
   * The period the return is for (a period id, "2008-08"), so its LAA refs are checked against
   * the codes in use then (laa-ref-out-of-period); default the configuration's latest.
   */
  period?: string;
}

const readers = createSlots(
  2,
  8,
  () => new AppError(ErrorKind.tooManyRequests, 'readers-busy', 'The service is reading other workbooks right now. Try again in a minute.'),
);

export async function readReturnWorkbook(
  data: Uint8Array,
  config: PartnershipConfig,
  options: ReadWorkbookOptions = {},
): Promise<CheckedReturn> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  // A bomb, a lying package or a file that is no workbook is refused without taking a slot.
  await guardZip(data);
  return readers.use(() =>
    runWorker<CheckedReturn>(
      resolveWorkerFile('read-worker'),
      { data, config, period: options.period },
      { timeoutMs, maxHeapMb: options.maxHeapMb ?? 768 },
      {
        timeout: () =>
          new AppError(ErrorKind.tooLarge, 'read-timeout', `The workbook took longer than ${Math.round(timeoutMs / 1000)} s to read; it is too large or too complex for a return.`),
        outOfMemory: () => new AppError(ErrorKind.tooLarge, 'read-out-of-memory', 'The workbook needs more memory to read than a return may use; it is refused.'),
        crashed: () => new AppError(ErrorKind.unreadableWorkbook, 'damaged', 'The workbook could not be read. Save it again from Excel.'),
      },
    ),
  );
}
