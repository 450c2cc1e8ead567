/**
 * Reading and validating a return grid.
 * - In memory: 10,000 rows through checkReturn (read + every rule, merges and hidden-row checks
 *   included), median of repeated runs, beside its peer, the floor: a loop that visits every
 *   cell and normalises its text (cellToText, what any reader must do), and beside a bare loop
 *   that only visits the cells. The runs alternate, so a busy machine weighs on both alike.
 *   Target: under 3× the floor, and under 15 ms.
 * - From a file: `district-returns check` on a 10,000-row .xlsx, in a child process, wall time
 *   and peak resident memory of that process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { DEFAULT_CONFIG, cellToText, checkReturn } from '../shared';
import type { Bench, BenchResult } from './types';

const ROWS = 10_000;
const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];
const OUTCOMES = ['Be healthy', 'Stay Safe', 'Enjoy and Achieve', 'Making a positive contribution', 'Economic Wellbeing'];
const REFS = ['CYP1', 'SC7\n\nHC3', 'SC3.1\n\nCYP7\n\nCYP8', 'St.C4(c)', '', 'cyp 8', 'CYP.2, CG4.2'];

/** A 10,000-row return as an officer's grid: titles, header, carried-down outcomes, real-length text. */
export function makeGridValues(rows = ROWS): unknown[][] {
  const values: unknown[][] = [['LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS\' CONTRIBUTION TO THE CHILDREN ACT'], ['(20 March 2008)'], [], HEADER];
  for (let i = 0; i < rows; i++) {
    const o = Math.floor((i / rows) * 5);
    const first = i % 4 === 0;
    values.push([
      first ? OUTCOMES[o] : '',
      first ? `${'HSACE'[o]}${(i % 5) + 1}  Aim wording for this group of actions` : '',
      REFS[i % REFS.length],
      `Action ${i}: develop and implement a policy with relevant guidelines and protocols, and ensure all relevant employees are trained.`,
      i % 3 === 0 ? '' : `Update ${i}: new countywide policies issued to all districts; adoption process to be implemented from April (HBBC).`,
    ]);
  }
  return values;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs each function `runs` times, alternating them; the milliseconds of every run, per function. */
function timeAlternating(fns: readonly (() => unknown)[], runs: number): number[][] {
  const samples = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const start = process.hrtime.bigint();
      fn();
      samples[k]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return samples;
}

/** The floor (the peer): visit every cell and normalise its text, as any reader of the grid must. */
function floorLoop(values: unknown[][]): number {
  let length = 0;
  for (const row of values) for (let c = 0; c < row.length; c++) length += cellToText(row[c]).length;
  return length;
}

/** Beside the floor: visit every cell, nothing else. */
function bareLoop(values: unknown[][]): number {
  let touched = 0;
  for (const row of values) for (let c = 0; c < row.length; c++) if (row[c] !== '' && row[c] !== null) touched++;
  return touched;
}

/** The in-memory figures alone (no file, no child process): `node dist/bench/grid.js`. */
export function benchInMemory(): BenchResult {
  const values = makeGridValues();
  const sheets = [{ name: 'Return', values }];
  // Warm all three up so the JIT has seen them before we time them.
  for (let i = 0; i < 20; i++) {
    checkReturn(sheets, DEFAULT_CONFIG);
    floorLoop(values);
    bareLoop(values);
  }
  const rows = checkReturn(sheets, DEFAULT_CONFIG).rows.length;
  const samples = timeAlternating([() => checkReturn(sheets, DEFAULT_CONFIG), () => floorLoop(values), () => bareLoop(values)], 61);
  const [ours, floor, bare] = samples.map(median) as [number, number, number];
  // The fastest run of each, beside the medians: what an idle machine gives.
  const [oursMin, floorMin] = samples.map((s) => Math.min(...s)) as [number, number];
  const ratio = ours / floor;
  return {
    name: `grid: read + validate ${rows.toLocaleString('en-GB')} rows in memory`,
    metrics: {
      'median ms': Number(ours.toFixed(2)),
      'floor ms': Number(floor.toFixed(2)),
      'bare loop ms': Number(bare.toFixed(2)),
      'min ms': Number(oursMin.toFixed(2)),
      'floor min ms': Number(floorMin.toFixed(2)),
    },
    peer: { name: 'floor (visit and normalise every cell)', ratio: Number(ratio.toFixed(2)) },
    target: { text: '≤ 3× the floor and < 15 ms', met: ratio <= 3 && ours < 15 },
  };
}

async function benchFile(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'dr-bench-grid-'));
  const file = join(dir, 'return-10000.xlsx');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Return');
  for (const row of makeGridValues()) sheet.addRow(row);
  writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  const cli = resolve(__dirname, '..', 'server', 'cli', 'index.js');
  execFileSync(process.execPath, [cli, 'check', file, '--json'], { stdio: 'ignore' }); // warm the disk cache
  // Peak memory of the whole check (main thread and reading worker) from the child's own rusage.
  const probe = "process.on('exit',()=>process.stderr.write('\\nmaxrss='+process.resourceUsage().maxRSS))";
  writeFileSync(join(dir, 'probe.js'), probe);
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', join(dir, 'probe.js'), cli, 'check', file, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakKb = Number(/maxrss=(\d+)/.exec(run.stderr)?.[1]);
  const rows = (JSON.parse(run.stdout) as { rows: unknown[] }).rows.length;
  return {
    name: `grid: check a ${rows.toLocaleString('en-GB')}-row .xlsx`,
    metrics: { 'time s': Number(seconds.toFixed(2)), 'peak MB': Number.isFinite(peakKb) ? Math.round(peakKb / 1024) : 'n/a' },
  };
}

export const gridBench: Bench = {
  title: 'Grid: read and validate',
  async run() {
    return [benchInMemory(), await benchFile()];
  },
};

// Run alone (`node dist/bench/grid.js`): the in-memory figures only, as JSON.
if (require.main === module && /grid\.js$/.test(process.argv[1] ?? '')) {
  const result = benchInMemory();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
