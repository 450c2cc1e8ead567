/**
 * The master workbook: merge + write for 7 districts × 1,000 rows and for 300 districts × 200
 * rows (every English district, a 60,000-row master), beside SheetJS writing the same cells
 * without styles in the same run. Each measurement runs in a child process of its own so its
 * peak memory (the child's maxRSS) is its own.
 *
 * Data: every district keeps a plan where one row in five is a countywide action shared by all
 * districts (merged into one master row) and the rest are its own; every row has an update of
 * about 250 characters, one in ten no LAA ref, one in twenty an unknown ref.
 */
import { fork } from 'node:child_process';
import { DEFAULT_CONFIG, type GridRow } from '../shared';
import { mergeReturns, type DistrictReturn, type MasterModel } from '../shared/merge';
import { renderMasterWorkbook } from '../server/workbook/write-master';
import type { Bench, BenchResult } from './types';

interface Case {
  name: string;
  districts: number;
  rowsPerDistrict: number;
  repeats: number;
  ratioTarget?: number;
  msTarget?: number;
  mbTarget?: number;
}

const CASES: Case[] = [
  { name: '7 districts × 1,000 rows', districts: 7, rowsPerDistrict: 1000, repeats: 5, ratioTarget: 1.5 },
  { name: '300 districts × 200 rows', districts: 300, rowsPerDistrict: 200, repeats: 1, msTarget: 10_000, mbTarget: 400 },
];

type Mode = 'ours' | 'sheetjs';

interface ChildResult {
  medianMs: number;
  mergeMs: number;
  bytes: number;
  cells: number;
  peakMb: number;
  /** RSS once the rows are made and merged, before writing: what the data itself costs. */
  beforeWriteMb: number;
}

async function runChild(index: number, mode: Mode): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--master-bench-child', String(index), mode], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ChildResult | undefined;
    child.on('message', (message) => {
      result = message as ChildResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`bench child ${mode} exited ${code}`))));
  });
}

export const masterBench: Bench = {
  title: 'master workbook (merge + write)',
  async run() {
    const results: BenchResult[] = [];
    for (const [index, benchCase] of CASES.entries()) {
      const ours = await runChild(index, 'ours');
      const peer = await runChild(index, 'sheetjs');
      const total = ours.mergeMs + ours.medianMs;
      const ratio = round(ours.medianMs / peer.medianMs, 2);
      const metrics: BenchResult['metrics'] = {
        'rows in': benchCase.districts * benchCase.rowsPerDistrict,
        cells: ours.cells,
        'merge ms': round(ours.mergeMs, 0),
        'write ms': round(ours.medianMs, 0),
        'total ms': round(total, 0),
        'peak MB': ours.peakMb,
        'MB before write': ours.beforeWriteMb,
        'file KB': Math.round(ours.bytes / 1024),
        'SheetJS write ms': round(peer.medianMs, 0),
        'SheetJS peak MB': peer.peakMb,
      };
      const targets: string[] = [];
      let met = true;
      if (benchCase.ratioTarget !== undefined) {
        targets.push(`write ≤ ${benchCase.ratioTarget}× SheetJS`);
        met &&= ratio <= benchCase.ratioTarget;
      }
      if (benchCase.msTarget !== undefined) {
        targets.push(`under ${benchCase.msTarget / 1000} s`);
        met &&= total < benchCase.msTarget;
      }
      if (benchCase.mbTarget !== undefined) {
        targets.push(`under ${benchCase.mbTarget} MB`);
        met &&= ours.peakMb < benchCase.mbTarget;
      }
      results.push({
        name: `master: ${benchCase.name}`,
        metrics,
        peer: { name: 'SheetJS xlsx (no styles, compressed)', ratio },
        target: { text: targets.join(', '), met },
      });
    }
    return results;
  },
};

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

async function childMain(index: number, mode: Mode): Promise<void> {
  const benchCase = CASES[index]!;
  const districts = makeReturns(benchCase.districts, benchCase.rowsPerDistrict, DEFAULT_CONFIG);
  const now = new Date('2008-03-20T09:00:00Z');
  const mergeStart = performance.now();
  const model = mergeReturns({ period: '2008-03', districts, now }, DEFAULT_CONFIG);
  const mergeMs = performance.now() - mergeStart;
  const cells = countCells(model);
  (globalThis as { gc?: () => void }).gc?.();
  const beforeWriteMb = Math.round(process.memoryUsage().rss / 1048576);

  let write: () => Promise<number>;
  if (mode === 'ours') {
    // The working copy: the larger of the two (Summary, Findings and All updates besides the tables).
    write = async () => (await renderMasterWorkbook(model, { copy: 'working', includeUnchanged: false })).length;
  } else {
    // Loaded only here: SheetJS's code is not part of what our own writer's child should carry.
    const XLSX = await import('xlsx');
    write = async () => {
      const book = XLSX.utils.book_new();
      for (const [name, rows] of sheetsAsArrays(model)) XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
      return (XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer).length;
    };
  }
  // One warm-up for the small case (module and JIT costs are not the writer's).
  if (benchCase.repeats > 1) await write();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < benchCase.repeats; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    bytes = await write();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const result: ChildResult = {
    medianMs: times[Math.floor(times.length / 2)]!,
    mergeMs,
    bytes,
    cells,
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    beforeWriteMb,
  };
  process.send!(result);
}

type Config = typeof DEFAULT_CONFIG;
type Model = MasterModel;

const WORDS = 'develop young people district leisure safeguarding partnership youth forum strategy funding scheme programme activities community'.split(' ');

function sentence(seed: number, words: number): string {
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length]!);
  }
  return `${out.join(' ')}.`;
}

function makeReturns(districtCount: number, rowsPerDistrict: number, config: Config): DistrictReturn[] {
  const codes = Array.from({ length: districtCount }, (_, i) => config.districts[i]?.code ?? `D${String(i).padStart(3, '0')}`);
  // Refs in use in the bench's period (2008-03): the NI Set starts in 2008-04, and citing it
  // here would fill the Findings sheet with out-of-period findings no real return has.
  const refs = config.laaRefs.filter((r) => (r.from === undefined || r.from <= '2008-03') && (r.until === undefined || r.until >= '2008-03')).map((r) => r.code);
  return codes.map((district, d) => {
    const rows: GridRow[] = [];
    for (let r = 0; r < rowsPerDistrict; r++) {
      const outcome = config.outcomes[r % config.outcomes.length]!;
      const aim = outcome.aims[r % outcome.aims.length]!;
      const isShared = r % 5 === 0;
      const laaRefs = r % 10 === 3 ? [] : r % 20 === 7 ? ['XYZ9'] : [refs[r % refs.length]!, refs[(r + 3) % refs.length]!];
      rows.push({
        sheet: outcome.name,
        row: r + 5,
        id: null,
        outcome: outcome.name,
        outcomeCode: outcome.code,
        outcomeText: outcome.name,
        aim: `${aim.code} ${aim.name}`,
        aimCode: aim.code,
        laaRefs,
        laaRefsText: laaRefs.join('\n'),
        action: isShared ? `Countywide action ${r}: ${sentence(r, 14)}` : `${district} action ${r}: ${sentence(d * 7919 + r, 14)}`,
        update: `${sentence(d * 104729 + r, 36)} Progress reported for ${district}.`,
        status: r % 50 === 1 ? 'At risk' : r % 50 === 2 ? 'Exceptional' : 'On track',
        statusText: '',
        extra: {},
        cells: { laaRef: `C${r + 5}` },
      });
    }
    return { district, rows, lastSync: '2008-03-19T16:30:00.000Z' };
  });
}

/** The same cells as the master workbook, sheet by sheet, as plain strings and numbers. */
function sheetsAsArrays(model: Model): [string, (string | number)[][]][] {
  const sheets: [string, (string | number)[][]][] = [];
  sheets.push([
    'Summary',
    [
      [`${model.partnership} district returns: master for the board`],
      ['Partnership', model.partnership],
      ['Period', `${model.period.label} (${model.period.id})`],
      ['Made', model.madeAt],
      [],
      ['District', 'Council', 'Rows', 'Rows with an update', ...model.outcomes.map((o) => o.name), 'Last sync', 'Missing LAA refs', 'Findings'],
      ...model.districts.map((d) => [
        d.code,
        d.name,
        d.rows,
        d.rowsWithUpdate,
        ...model.outcomes.map((o) => d.updatesByOutcome[o.code] ?? 0),
        d.lastSync ?? '',
        d.missingLaaRefs,
        d.findings,
      ]),
    ],
  ]);
  for (const outcome of model.outcomes) {
    sheets.push([
      outcome.name,
      [
        [`TITLE – ${outcome.name.toUpperCase()}`],
        [`(${model.period.label})`],
        ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'],
        ...outcome.rows.map((r) => [r.outcome, r.aim, r.laaRefs.join('\n'), r.action, r.updates.map((u) => u.text).join('\n\n').slice(0, 32000)]),
      ],
    ]);
  }
  sheets.push(['Exceptions', [['Status', 'District', 'Outcome', 'Aim', 'Actions', 'District Update'], ...model.exceptions.map((e) => [e.status, e.district, e.outcome, e.aim, e.action, e.update])]]);
  sheets.push(['Findings', [['District', 'Sheet', 'Cell', 'Rule', 'Severity', 'Message'], ...model.findings.map((f) => [f.district, f.sheet, f.cell, f.rule, f.severity, f.message])]]);
  sheets.push([
    'All updates',
    [['District', 'Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Status'], ...model.updates.map((u) => [u.district, u.outcome, u.aim, u.laaRefs.join('\n'), u.action, u.update, u.status])],
  ]);
  return sheets;
}

function countCells(model: Model): number {
  return sheetsAsArrays(model).reduce((n, [, rows]) => n + rows.reduce((m, row) => m + row.length, 0), 0);
}

if (require.main === module && process.argv[2] === '--master-bench-child') {
  childMain(Number(process.argv[3]), process.argv[4] as Mode).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
