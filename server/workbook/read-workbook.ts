/**
 * Reading a return workbook (an upload, or a file given to `check` or `merge`) so that no file
 * can take the process down: the zip guard and exceljs run in a worker thread with a heap
 * limit and a wall-clock limit, at most two at a time. A hostile or broken file ends as an
 * AppError with a message a person can act on; the caller's process carries on.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, ErrorKind, type CheckedReturn, type PartnershipConfig } from '../../shared';

export interface ReadWorkbookOptions {
  /** Wall-clock limit for unpacking and reading; default 30 s. */
  timeoutMs?: number;
  /** Heap limit of the reading worker; default 768 MB. */
  maxHeapMb?: number;
}

const MAX_CONCURRENT_READS = 2;
/** Uploads waiting for a reader; past this the caller is told to try again, not queued in memory. */
const MAX_WAITING_READS = 8;
let running = 0;
const waiting: (() => void)[] = [];

async function acquire(): Promise<void> {
  if (running < MAX_CONCURRENT_READS) {
    running++;
    return;
  }
  if (waiting.length >= MAX_WAITING_READS) {
    throw new AppError(ErrorKind.tooManyRequests, 'readers-busy', 'The service is reading other workbooks right now. Try again in a minute.');
  }
  await new Promise<void>((ready) => waiting.push(ready));
}
function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

let workerFile: string | undefined;

/** The compiled worker beside this file; from TypeScript sources (tests), bundled once with esbuild. */
function resolveWorkerFile(): string {
  if (workerFile) return workerFile;
  const compiled = join(__dirname, 'read-worker.js');
  if (existsSync(compiled)) return (workerFile = compiled);
  const cacheDir = resolve(__dirname, '..', '..', 'node_modules', '.cache', 'district-returns');
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, `read-worker-${process.pid}.js`);
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [join(__dirname, 'read-worker.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['exceljs'],
    logLevel: 'error',
  });
  return (workerFile = outfile);
}

export async function readReturnWorkbook(
  data: Uint8Array,
  config: PartnershipConfig,
  options: ReadWorkbookOptions = {},
): Promise<CheckedReturn> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  await acquire();
  try {
    return await new Promise<CheckedReturn>((resolvePromise, reject) => {
      let settled = false;
      const worker = new Worker(resolveWorkerFile(), {
        workerData: { data, config },
        resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 768, maxYoungGenerationSizeMb: 64 },
        stdout: true,
        stderr: true,
      });
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        outcome();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new AppError(ErrorKind.tooLarge, 'read-timeout', `The workbook took longer than ${Math.round(timeoutMs / 1000)} s to read; it is too large or too complex for a return.`)),
          ),
        timeoutMs,
      );
      worker.on('message', (message: { ok: true; result: CheckedReturn } | { ok: false; error: { kind: ErrorKind; code: string; message: string } }) =>
        finish(() => (message.ok ? resolvePromise(message.result) : reject(new AppError(message.error.kind, message.error.code, message.error.message)))),
      );
      worker.on('error', (error: NodeJS.ErrnoException) =>
        finish(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new AppError(ErrorKind.tooLarge, 'read-out-of-memory', 'The workbook needs more memory to read than a return may use; it is refused.')
              : new AppError(ErrorKind.unreadableWorkbook, 'damaged', 'The workbook is damaged and cannot be read. Save it again from Excel.'),
          ),
        ),
      );
      worker.on('exit', () =>
        finish(() => reject(new AppError(ErrorKind.unreadableWorkbook, 'damaged', 'The workbook could not be read. Save it again from Excel.'))),
      );
    });
  } finally {
    release();
  }
}
