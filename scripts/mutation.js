#!/usr/bin/env node
/**
 * Runs StrykerJS (stryker.config.mjs) and turns its JSON report into the per-module table in
 * docs/testing.md, then fails when any module scores under the break threshold.
 *
 *   node scripts/mutation.js                     full run over every module in `mutate`
 *   node scripts/mutation.js --incremental       reuse reports/stryker-incremental.json
 *   node scripts/mutation.js --incremental --measured
 *                                                the same over only the modules the incremental
 *                                                file has measured (CI: an unmeasured module would
 *                                                be a full run of it, too long for CI; measure it
 *                                                first with --mutate, then it joins CI)
 *   node scripts/mutation.js --mutate FILE,...   one module or a few (any other arguments go to
 *                                                `stryker run`)
 *   node scripts/mutation.js --report-only       rewrite the table and the incremental file
 *   node scripts/mutation.js --keep-last         the same, first keeping the last report of a
 *                                                `npx stryker run` started by hand
 *
 * Every run's JSON report is kept in reports/mutation/runs/ (not committed) with the commit it
 * measured. The table and reports/stryker-incremental.json are made from the newest result of
 * each module over those runs, so modules measured one at a time add up to the full picture; a
 * module whose code has changed since it was measured is marked so in the table, and Stryker's
 * incremental mode tests its changed mutants again. Only this run's modules are checked
 * against the threshold.
 *
 * Stryker's own `thresholds.break` is over all files together; a weak module hides behind
 * strong ones there, so the per-module check is made here from the same report.
 * Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts it:
 * a mutant that makes the tests hang is caught. Compile and runtime errors are not counted.
 * Exit code: Stryker's when it failed to run; 1 when a module is under the threshold; else 0.
 */
'use strict';
const { spawnSync, execFileSync } = require('node:child_process');
const { readFileSync, writeFileSync, existsSync, rmSync, mkdirSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const REPORT = join(ROOT, 'reports', 'mutation', 'mutation.json');
const RUNS = join(ROOT, 'reports', 'mutation', 'runs');
const INCREMENTAL = join(ROOT, 'reports', 'stryker-incremental.json');
const DOC = join(ROOT, 'docs', 'testing.md');
const BREAK = 85;
const START = '<!-- mutation-table:start -->';
const END = '<!-- mutation-table:end -->';

/** Counts of one module's mutants, as Stryker scores them. */
function count(file) {
  const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 };
  for (const mutant of file.mutants) {
    if (mutant.status === 'Killed') c.killed++;
    else if (mutant.status === 'Timeout') c.timeout++;
    else if (mutant.status === 'Survived') c.survived++;
    else if (mutant.status === 'NoCoverage') c.noCoverage++;
    else if (mutant.status === 'Ignored') c.ignored++;
    else c.errors++;
  }
  const valid = c.killed + c.timeout + c.survived + c.noCoverage;
  return { ...c, valid, score: valid === 0 ? 100 : (100 * (c.killed + c.timeout)) / valid };
}

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** Keeps this run's report beside the earlier ones, with the commit it measured. */
function keepRun(report, args, commit) {
  mkdirSync(RUNS, { recursive: true });
  const finished = new Date().toISOString();
  const meta = { finished, commit, args };
  writeFileSync(join(RUNS, `${finished.replace(/[:.]/g, '-')}.json`), JSON.stringify({ meta, report }));
}

/** The newest result of each module over every kept run. */
function newestByModule(baseline) {
  const runs = existsSync(RUNS)
    ? readdirSync(RUNS)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(RUNS, f), 'utf8')))
    : [];
  // The committed incremental file (read before Stryker rewrites it with only this run's
  // modules) is the baseline: its modules stay measured, with when and on which commit (its
  // `measuredBy`), until a newer run measures them again.
  if (baseline) {
    runs.unshift({ meta: { finished: '', commit: '' }, report: baseline, measuredBy: baseline.measuredBy ?? {} });
  }
  const modules = new Map();
  for (const run of runs) {
    for (const [path, file] of Object.entries(run.report.files)) {
      const meta = run.measuredBy?.[path] ?? run.meta;
      modules.set(path, { path, file, run, meta });
    }
  }
  return { runs, modules: [...modules.values()].sort((a, b) => a.path.localeCompare(b.path)) };
}

function table(modules) {
  const sum = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, valid: 0 };
  const line = (name, c, score, measured) =>
    `| ${name} | ${c.valid} | ${c.killed + c.timeout} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${score.toFixed(1)} | ${score >= BREAK ? 'yes' : '**no**'} | ${measured} |`;
  const rows = modules.map(({ path, file, meta }) => {
    const c = count(file);
    for (const k of Object.keys(sum)) sum[k] += c[k];
    const current = existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : null;
    const changed = current !== file.source ? ' (code changed since)' : '';
    return line(`\`${path}\``, c, c.score, meta.finished ? `${meta.finished.slice(0, 16).replace('T', ' ')} UTC, ${meta.commit || '?'}${changed}` : `?${changed}`);
  });
  const total = sum.valid === 0 ? 100 : (100 * (sum.killed + sum.timeout)) / sum.valid;
  return [
    `| module | mutants | killed (incl. timeouts) | timeouts | survived | no coverage | score % | ≥ ${BREAK} | measured (on commit) |`,
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows,
    line('**all measured**', sum, total, ''),
  ].join('\n');
}

function writeDoc(text) {
  if (!existsSync(DOC)) throw new Error(`${DOC} is missing: it holds the table between ${START} and ${END}`);
  const doc = readFileSync(DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOC} has no ${START} … ${END} markers`);
  writeFileSync(DOC, `${doc.slice(0, from + START.length)}\n${text}\n${doc.slice(to)}`);
}

/**
 * One incremental file from the newest result of each module. Test ids are per run, so each
 * run's ids are renamed to one id per test (file and name), and each test file keeps the
 * source of the newest run that ran it; Stryker's differ then reuses what is unchanged.
 */
function writeIncremental(runs, modules) {
  if (runs.length === 0) return;
  const idFor = new Map();
  const testFiles = {};
  const renames = new Map();
  for (const run of runs) {
    const rename = new Map();
    for (const [path, testFile] of Object.entries(run.report.testFiles ?? {})) {
      const tests = [];
      for (const test of testFile.tests) {
        const key = `${path}\u0000${test.name}`;
        if (!idFor.has(key)) idFor.set(key, String(idFor.size));
        rename.set(test.id, idFor.get(key));
        tests.push({ ...test, id: idFor.get(key) });
      }
      testFiles[path] = { ...testFile, tests };
    }
    renames.set(run, rename);
  }
  const files = {};
  for (const { path, file, run } of modules) {
    const rename = renames.get(run);
    const ids = (list) => list?.map((id) => rename.get(id)).filter((id) => id !== undefined);
    files[path] = { ...file, mutants: file.mutants.map((m) => ({ ...m, coveredBy: ids(m.coveredBy), killedBy: ids(m.killedBy) })) };
  }
  const measuredBy = Object.fromEntries(modules.map(({ path, meta }) => [path, meta]));
  const newest = runs[runs.length - 1].report;
  writeFileSync(INCREMENTAL, JSON.stringify({ ...newest, files, testFiles, measuredBy }, null, 2));
}

function main() {
  const args = process.argv.slice(2);
  const keepLast = args.includes('--keep-last');
  const reportOnly = keepLast || args.includes('--report-only');
  const strykerArgs = args.filter((a) => a !== '--report-only' && a !== '--keep-last' && a !== '--measured');
  if (args.includes('--measured')) {
    if (!existsSync(INCREMENTAL)) throw new Error(`--measured needs ${INCREMENTAL}`);
    const measuredFiles = Object.keys(JSON.parse(readFileSync(INCREMENTAL, 'utf8')).files).filter((path) => existsSync(join(ROOT, path)));
    strykerArgs.push('--mutate', measuredFiles.join(','));
  }
  let measured = [];
  const baseline = existsSync(INCREMENTAL) ? JSON.parse(readFileSync(INCREMENTAL, 'utf8')) : null;
  if (keepLast) keepRun(JSON.parse(readFileSync(REPORT, 'utf8')), ['(by hand)'], '');
  if (!reportOnly) {
    // A report left from an earlier run must not pass for this one's.
    rmSync(REPORT, { force: true });
    // The commit measured is the one the run starts on (the sandbox is copied then).
    const commit = git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') === '' ? '' : '+edits');
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', ...strykerArgs], { cwd: ROOT, stdio: 'inherit' });
    // Stryker exits 1 both when the run broke and when its overall score is under `break`. With
    // no report the run broke; with one, the per-module check below is the stricter judge (every
    // module at or over the threshold puts the overall score over it too).
    if (!existsSync(REPORT)) process.exit(run.status || 1);
    const report = JSON.parse(readFileSync(REPORT, 'utf8'));
    keepRun(report, strykerArgs, commit);
    measured = Object.keys(report.files);
  }
  const { runs, modules } = newestByModule(baseline);
  writeDoc(table(modules));
  writeIncremental(runs, modules);
  const check = reportOnly ? modules : modules.filter((m) => measured.includes(m.path));
  const below = [];
  for (const { path, file } of check) {
    const c = count(file);
    console.log(`${c.score.toFixed(1).padStart(6)} %  ${path}  (${c.killed + c.timeout}/${c.valid})`);
    if (c.score < BREAK) below.push(`${path} ${c.score.toFixed(1)}%`);
  }
  if (below.length > 0) {
    console.error(`Under ${BREAK}%: ${below.join(', ')}`);
    process.exit(1);
  }
}

main();
