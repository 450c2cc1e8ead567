/**
 * Heavy workbook work (reading an upload, rendering the master) runs in worker threads so the
 * service's one event loop keeps answering every district meanwhile. This file holds what
 * those workers share: finding the worker's file, a bounded number of slots, and running one
 * job with a heap limit and a time limit, each failure turned into an AppError a person can
 * act on.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared';

const resolved = new Map<string, string>();

/**
 * The compiled worker `<name>.js` in `dir` (default: beside this file); when running from the
 * TypeScript sources (tests), the `<name>.ts` entry bundled once with esbuild next to
 * node_modules.
 */
export function resolveWorkerFile(name: string, dir: string = __dirname): string {
  const known = resolved.get(name);
  if (known) return known;
  const compiled = join(dir, `${name}.js`);
  if (existsSync(compiled)) {
    resolved.set(name, compiled);
    return compiled;
  }
  const cacheDir = resolve(__dirname, '..', '..', 'node_modules', '.cache', 'district-returns');
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, `${name}-${process.pid}.js`);
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [join(dir, `${name}.ts`)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    // Packages (exceljs, better-sqlite3's native module) load from node_modules as usual.
    packages: 'external',
    logLevel: 'error',
  });
  resolved.set(name, outfile);
  return outfile;
}

/** At most `running` jobs at once and `waiting` queued; past that, `busy()` is thrown at once. */
export function createSlots(running: number, waiting: number, busy: () => AppError) {
  let active = 0;
  const queue: (() => void)[] = [];
  return {
    async use<T>(job: () => Promise<T>): Promise<T> {
      if (active < running) active++;
      else if (queue.length >= waiting) throw busy();
      else await new Promise<void>((ready) => queue.push(ready));
      try {
        return await job();
      } finally {
        const next = queue.shift();
        if (next) next();
        else active--;
      }
    },
  };
}

export interface WorkerFailures {
  timeout: () => AppError;
  outOfMemory: () => AppError;
  /** An AppError for the caller's input, or a plain Error (a 500) for the service's own failure. */
  crashed: () => Error;
}

/** Runs one job in a fresh worker; its message `{ ok, result | error }` settles the promise. */
export function runWorker<T>(
  file: string,
  workerData: unknown,
  limits: { timeoutMs: number; maxHeapMb: number },
  failures: WorkerFailures,
  transferList: readonly ArrayBuffer[] = [],
): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    let settled = false;
    const worker = new Worker(file, {
      workerData,
      transferList: transferList as ArrayBuffer[],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 64 },
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
    const timer = setTimeout(() => finish(() => reject(failures.timeout())), limits.timeoutMs);
    type Message = { ok: true; result: T } | { ok: false; error: { kind: AppError['kind']; code: string; message: string } | null; detail?: string };
    worker.on('message', (message: Message) =>
      finish(() => {
        if (message.ok) resolvePromise(message.result);
        else if (message.error) reject(new AppError(message.error.kind, message.error.code, message.error.message));
        // Not the caller's mistake: the service's own failure, logged by the error handler as a 500.
        else reject(Object.assign(failures.crashed(), { cause: message.detail }));
      }),
    );
    worker.on('error', (error: NodeJS.ErrnoException) =>
      finish(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? failures.outOfMemory() : failures.crashed())),
    );
    worker.on('exit', () => finish(() => reject(failures.crashed())));
  });
}
