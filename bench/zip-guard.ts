/**
 * The upload guard against ZIP bombs (server/workbook/zip-guard.ts), on the main thread.
 * - A 300 KB package whose shared strings declare 300 MB: refused from its central directory.
 *   Peer: the same refusal made inside a reading worker, where it was made before the guard
 *   moved to the main thread (worker start, then the directory check).
 * - A package that declares 4 KB for a part inflating to 50 MB (it lies): refused by the
 *   streaming inflate that counts and discards. Peer: the capped one-shot inflate it replaces
 *   (`inflateRawSync` with the declared size as `maxOutputLength`).
 * - A valid 10,000-row return, guarded whole (every part inflated and counted).
 * Each case runs in a child process of its own, so its peak resident memory (maxRSS after the
 * runs minus maxRSS before, the modules already loaded) is the guard's alone.
 * Target (issue 9): under 50 ms and under 10 MB for both bombs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { DEFAULT_CONFIG } from '../shared';
import { readReturnWorkbook } from '../server/workbook/read-workbook';
import { resolveWorkerFile, runWorker } from '../server/workbook/workers';
import { lyingBomb, zipBomb } from '../test/support/hostile-workbooks';
import { makeGridValues } from './grid';
import type { Bench, BenchResult } from './types';

const RUNS = 21;

interface ChildResult {
  medianMs: number;
  /** Extra peak resident memory after all the runs (garbage the collector had not reclaimed yet included). */
  peakMb: number;
  /** Extra peak resident memory after the first run: what one upload costs. */
  firstPeakMb: number;
  code: string;
}

/** Runs `mode` on `file` RUNS times in a fresh Node process; median time and extra peak memory. */
function measureInChild(dir: string, file: string, mode: 'guard' | 'capped-inflate'): ChildResult {
  const guard = resolve(__dirname, '..', 'server', 'workbook', 'zip-guard.js');
  const script = join(dir, 'measure.js');
  writeFileSync(
    script,
    `const { guardZip, inspectZip, readZipEntry } = require(${JSON.stringify(guard)});
const data = require('node:fs').readFileSync(process.argv[2]);
const mode = process.argv[3];
(async () => {
  const before = process.resourceUsage().maxRSS;
  const samples = [];
  let code = 'read';
  let first = before;
  for (let i = 0; i < ${RUNS}; i++) {
    const start = process.hrtime.bigint();
    try {
      if (mode === 'guard') await guardZip(data);
      else for (const entry of inspectZip(data)) readZipEntry(data, entry);
    } catch (error) { code = error.code; }
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (i === 0) first = process.resourceUsage().maxRSS;
  }
  samples.sort((a, b) => a - b);
  const after = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify({ medianMs: samples[Math.floor(samples.length / 2)], peakMb: (after - before) / 1024, firstPeakMb: (first - before) / 1024, code }));
})();`,
  );
  const run = spawnSync(process.execPath, [script, file, mode], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`measuring ${mode} failed: ${run.stderr.slice(0, 300)}`);
  return JSON.parse(run.stdout) as ChildResult;
}

/** Median time to have a reading worker refuse the file (the guard's old place). */
async function refuseInWorker(data: Buffer): Promise<number> {
  const file = resolveWorkerFile('read-worker');
  const samples: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = process.hrtime.bigint();
    await runWorker(file, { data, config: DEFAULT_CONFIG }, { timeoutMs: 30_000, maxHeapMb: 768 }, {
      timeout: () => new Error('timeout') as never,
      outOfMemory: () => new Error('oom') as never,
      crashed: () => new Error('crashed'),
    }).catch(() => undefined);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const round = (n: number) => Number(n.toFixed(2));

export const zipGuardBench: Bench = {
  title: 'Zip guard: bombs refused on the main thread',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'dr-bench-zip-'));
    const bomb = zipBomb(300);
    const liar = lyingBomb();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Return');
    for (const row of makeGridValues()) sheet.addRow(row);
    const valid = Buffer.from(await workbook.xlsx.writeBuffer());
    const files = { bomb: join(dir, 'bomb.xlsx'), liar: join(dir, 'liar.xlsx'), valid: join(dir, 'valid.xlsx') };
    writeFileSync(files.bomb, bomb);
    writeFileSync(files.liar, liar);
    writeFileSync(files.valid, valid);

    const bombGuard = measureInChild(dir, files.bomb, 'guard');
    const bombInWorker = await refuseInWorker(bomb);
    const liarGuard = measureInChild(dir, files.liar, 'guard');
    const liarCapped = measureInChild(dir, files.liar, 'capped-inflate');
    const validGuard = measureInChild(dir, files.valid, 'guard');
    // The whole service path for the bomb: guard first, so no worker starts.
    const start = process.hrtime.bigint();
    const refused = await readReturnWorkbook(bomb, DEFAULT_CONFIG).then(
      () => 'read',
      (error: { code?: string }) => error.code ?? 'error',
    );
    const servicePathMs = Number(process.hrtime.bigint() - start) / 1e6;

    const meets = (r: ChildResult) => r.medianMs < 50 && r.peakMb < 10;
    const results: BenchResult[] = [
      {
        name: `zip guard: 300 MB bomb (${Math.round(bomb.length / 1024)} KB file) refused from its directory (${bombGuard.code})`,
        metrics: { 'median ms': round(bombGuard.medianMs), 'peak MB': round(bombGuard.peakMb), 'readReturnWorkbook ms': round(servicePathMs), 'in a worker ms': round(bombInWorker), refused: refused },
        peer: { name: 'the same refusal inside a reading worker', ratio: Number((bombGuard.medianMs / bombInWorker).toPrecision(2)) },
        target: { text: '< 50 ms and < 10 MB', met: meets(bombGuard) },
      },
      {
        name: `zip guard: part declaring 4 KB that inflates to 50 MB (${liarGuard.code})`,
        metrics: { 'median ms': round(liarGuard.medianMs), 'peak MB': round(liarGuard.peakMb), 'one run peak MB': round(liarGuard.firstPeakMb), 'capped inflate ms': round(liarCapped.medianMs), 'capped inflate peak MB': round(liarCapped.peakMb) },
        peer: { name: 'capped one-shot inflateRawSync', ratio: round(liarGuard.medianMs / liarCapped.medianMs) },
        target: { text: '< 50 ms and < 10 MB', met: meets(liarGuard) },
      },
      {
        name: `zip guard: a valid 10,000-row return (${Math.round(valid.length / 1024)} KB), every part counted`,
        metrics: { 'median ms': round(validGuard.medianMs), 'one run peak MB': round(validGuard.firstPeakMb), [`${RUNS} runs peak MB`]: round(validGuard.peakMb) },
      },
    ];
    return results;
  },
};
