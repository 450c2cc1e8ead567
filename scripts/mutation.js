#!/usr/bin/env node
/**
 * Runs StrykerJS (stryker.config.mjs) and turns its JSON report into the per-module table in
 * docs/testing.md, then fails when any module scores under the break threshold.
 *
 *   node scripts/mutation.js                     full run over every module in `mutate`
 *   node scripts/mutation.js --incremental       reuse reports/stryker-incremental.json (CI)
 *   node scripts/mutation.js --report-only       rewrite the table from the last JSON report
 *   node scripts/mutation.js --mutate FILE ...   any other arguments go to `stryker run`
 *
 * Stryker's own `thresholds.break` is over all files together; a weak module hides behind
 * strong ones there, so the per-module check is made here from the same report.
 * Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts it:
 * a mutant that makes the tests hang is caught. Compile and runtime errors are not counted.
 * Exit code: Stryker's when it failed to run; 1 when a module is under the threshold; else 0.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { readFileSync, writeFileSync, existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const REPORT = join(ROOT, 'reports', 'mutation', 'mutation.json');
const DOC = join(ROOT, 'docs', 'testing.md');
const BREAK = 85;
const START = '<!-- mutation-table:start -->';
const END = '<!-- mutation-table:end -->';

/** Per-module counts from a mutation-testing-report-schema JSON report. */
function summarise(report) {
  const rows = [];
  for (const [path, file] of Object.entries(report.files)) {
    const count = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 };
    for (const mutant of file.mutants) {
      if (mutant.status === 'Killed') count.killed++;
      else if (mutant.status === 'Timeout') count.timeout++;
      else if (mutant.status === 'Survived') count.survived++;
      else if (mutant.status === 'NoCoverage') count.noCoverage++;
      else if (mutant.status === 'Ignored') count.ignored++;
      else count.errors++;
    }
    const caught = count.killed + count.timeout;
    const valid = caught + count.survived + count.noCoverage;
    rows.push({ path, ...count, valid, score: valid === 0 ? 100 : (100 * caught) / valid });
  }
  rows.sort((a, b) => a.path.localeCompare(b.path));
  return rows;
}

function table(rows, when, args) {
  const total = rows.reduce(
    (t, r) => ({ killed: t.killed + r.killed, timeout: t.timeout + r.timeout, survived: t.survived + r.survived, noCoverage: t.noCoverage + r.noCoverage, valid: t.valid + r.valid }),
    { killed: 0, timeout: 0, survived: 0, noCoverage: 0, valid: 0 },
  );
  const line = (name, r, score) =>
    `| ${name} | ${r.valid} | ${r.killed + r.timeout} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${score.toFixed(1)} | ${score >= BREAK ? 'yes' : '**no**'} |`;
  return [
    `Run of ${when}${args.length ? ` (\`${args.join(' ')}\`)` : ''}.`,
    '',
    `| module | mutants | killed (incl. timeouts) | timeouts | survived | no coverage | score % | ≥ ${BREAK} |`,
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => line(`\`${r.path}\``, r, r.score)),
    line('**all**', total, total.valid === 0 ? 100 : (100 * (total.killed + total.timeout)) / total.valid),
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

function main() {
  const args = process.argv.slice(2);
  const reportOnly = args.includes('--report-only');
  const strykerArgs = args.filter((a) => a !== '--report-only');
  if (!reportOnly) {
    // A report left from an earlier run must not pass for this one's.
    rmSync(REPORT, { force: true });
    const run = spawnSync(process.execPath, [require.resolve('@stryker-mutator/core/bin/stryker.js'), 'run', ...strykerArgs], { cwd: ROOT, stdio: 'inherit' });
    // Stryker exits 1 both when the run broke and when its overall score is under `break`. With
    // no report the run broke; with one, the per-module check below is the stricter judge (every
    // module at or over the threshold puts the overall score over it too).
    if (!existsSync(REPORT)) process.exit(run.status || 1);
  }
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  const rows = summarise(report);
  const when = new Date().toISOString().replace(/:\d\d\.\d+Z$/, ' UTC').replace('T', ' ');
  const partial = strykerArgs.some((a) => a === '--mutate' || a.startsWith('--mutate='));
  if (!partial) writeDoc(table(rows, when, strykerArgs));
  for (const r of rows) console.log(`${r.score.toFixed(1).padStart(6)} %  ${r.path}  (${r.killed + r.timeout}/${r.valid})`);
  const below = rows.filter((r) => r.score < BREAK);
  if (below.length > 0) {
    console.error(`Under ${BREAK}%: ${below.map((r) => `${r.path} ${r.score.toFixed(1)}%`).join(', ')}`);
    process.exit(1);
  }
}

main();
