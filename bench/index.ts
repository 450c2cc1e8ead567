/**
 * `npm run bench`: every benchmark of the project, printed as one table with the peer ratios
 * and targets, and written to bench/out/latest.json and docs/benchmarks.md's table format.
 * Each bench module is optional so a partial checkout still runs what it has.
 */
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bench, BenchResult } from './types';

const MODULES: [file: string, exportName: string][] = [
  ['./grid', 'gridBench'],
  ['./zip-guard', 'zipGuardBench'],
  ['./sync', 'syncBench'],
  ['./master', 'masterBench'],
  ['./addin', 'addinBench'],
  ['./load', 'loadBench'],
];

function loadBenches(only: string[]): Bench[] {
  const benches: Bench[] = [];
  for (const [file, name] of MODULES) {
    if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
    let mod: Record<string, Bench>;
    try {
      mod = require(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') continue;
      throw error;
    }
    if (mod[name]) benches.push(mod[name]);
  }
  return benches;
}

function formatMetrics(metrics: BenchResult['metrics']): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? v.toLocaleString('en-GB') : v}`)
    .join(', ');
}

export function toMarkdown(results: BenchResult[]): string {
  const lines = ['| benchmark | figures | peer ratio (ours / peer) | target | met |', '|---|---|---|---|---|'];
  for (const r of results) {
    const peer = r.peer ? `${r.peer.ratio}× ${r.peer.name}` : '';
    lines.push(`| ${r.name} | ${formatMetrics(r.metrics)} | ${peer} | ${r.target?.text ?? ''} | ${r.target ? (r.target.met ? 'yes' : '**no**') : ''} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const results: BenchResult[] = [];
  for (const bench of loadBenches(only)) {
    process.stderr.write(`running ${bench.title}…\n`);
    try {
      results.push(...(await bench.run()));
    } catch (error) {
      results.push({ name: `${bench.title}: failed`, metrics: { error: (error as Error).message.slice(0, 200) } });
    }
  }
  const table = toMarkdown(results);
  process.stdout.write(`\nMachine: ${machine}\n\n${table}\n`);
  const outDir = resolve(__dirname, '..', '..', 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify({ machine, date: new Date().toISOString(), results }, null, 2));
  writeFileSync(join(outDir, 'latest.md'), `Machine: ${machine}\n\n${table}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 1;
  });
}
