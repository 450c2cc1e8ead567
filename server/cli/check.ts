/**
 * `district-returns check FILE.xlsx [--json] [--strict] [--config FILE] [--period YYYY-MM]
 * [--previous LAST.xlsx]`: reads a return and prints what is wrong with it, for a person or
 * (with --json) as one JSON object. LAA refs are checked against the codes in use in the period
 * (default the configuration's latest). With --previous, the district's return for the period
 * before: an update repeated from it is an update-unchanged warning, as the master will leave it
 * out of the board's copy. Exit 0 when the file was read, whatever it found (with --strict: 1
 * when it found errors); 2 with one plain line on stderr when it cannot be read (no such file,
 * a folder, not a workbook) or the period is not one of the configuration's.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { RULES, latestPeriod, sortFindings, type CheckedReturn, type Finding, type PartnershipConfig, type Period } from '../../shared';
import { findUnchangedUpdates, getPreviousPeriod, indexPreviousUpdates } from '../../shared/merge';
import { districtFromCells, districtFromFileName } from './district-of-file';
import { loadConfig } from '../config/load-config';
import { DEFAULT_ZIP_LIMITS } from '../workbook/zip-guard';
import { readReturnWorkbook } from '../workbook/read-workbook';
import { describeFileError } from './file-errors';
import { EXIT, type CliCommand } from './types';

const USAGE = `Usage: district-returns check FILE.xlsx [--json] [--strict] [--config FILE] [--period YYYY-MM] [--previous LAST.xlsx]

Reads a district return and lists its findings (missing LAA refs first).
  --json           print one JSON object { rows, findings } instead
  --strict         exit 1 when there are errors (for scripts and CI)
  --config FILE    the partnership configuration (default: Leicestershire)
  --period YYYY-MM the period the return is for, so LAA refs are checked against the codes
                   in use then (default: the configuration's latest period)
  --previous FILE  the district's return for the period before: an update repeated from it
                   is a warning (the board's copy leaves it out)
Exit status: 0 when the file was read (with --strict: and had no errors), 1 with --strict
when it has errors, 2 when it cannot be read.`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check a return workbook and list its findings',
  usage: USAGE,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, strict: { type: 'boolean' }, config: { type: 'string' }, period: { type: 'string' }, previous: { type: 'string' } } });
    } catch (error) {
      io.stderr(`district-returns check: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    const file = parsed.positionals[0];
    if (!file || parsed.positionals.length > 1) {
      io.stderr(`${USAGE}\n`);
      return EXIT.usage;
    }
    try {
      const config = loadConfig(parsed.values.config);
      const period = choosePeriod(config.periods, parsed.values.period);
      let checked = await readReturnWorkbook(readWorkbookFile(file), config, { period: period.id });
      const previousFile = parsed.values.previous;
      if (previousFile !== undefined) {
        let previous: CheckedReturn;
        try {
          previous = await readReturnWorkbook(readWorkbookFile(previousFile), config, { period: getPreviousPeriod(config, period.id) ?? period.id });
        } catch (error) {
          io.stderr(`district-returns check: --previous ${previousFile}: ${describeFileError(error)}\n`);
          return EXIT.usage;
        }
        checked = withUnchanged(checked, previous, config, period.id, districtFromFileName(basename(file), config) ?? districtFromCells(checked, config));
      }
      if (parsed.values.json) io.stdout(`${JSON.stringify({ period: { id: period.id, label: period.label }, ...toJson(checked) })}\n`);
      else io.stdout(formatForPerson(basename(file), checked, { ...period, isLatest: parsed.values.period === undefined }));
      const hasErrors = checked.findings.some((f) => f.severity === 'error');
      return parsed.values.strict && hasErrors ? EXIT.failed : EXIT.ok;
    } catch (error) {
      io.stderr(`district-returns check: ${file}: ${describeFileError(error)}\n`);
      return EXIT.usage;
    }
  },
};

/** The workbook file's bytes, refusing a folder or a file larger than a return may be. */
function readWorkbookFile(file: string): Buffer {
  const stat = statSync(file);
  if (stat.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
  if (stat.size > DEFAULT_ZIP_LIMITS.maxFileBytes) {
    throw new Error(`the file is ${(stat.size / 1048576).toFixed(1)} MB; a return may be at most ${DEFAULT_ZIP_LIMITS.maxFileBytes / 1048576} MB`);
  }
  return readFileSync(file);
}

/** `checked` with an update-unchanged warning for each update repeated from `previous` (the district's return for the period before). */
function withUnchanged(checked: CheckedReturn, previous: CheckedReturn, config: PartnershipConfig, period: string, district: string | null): CheckedReturn {
  const previousId = getPreviousPeriod(config, period);
  const previousPeriod = config.periods.find((p) => p.id === previousId)?.label ?? 'the previous period';
  const unchanged = findUnchangedUpdates(checked.rows, indexPreviousUpdates(previous.rows), { district: district ?? 'your district', previousPeriod });
  return unchanged.length === 0 ? checked : { ...checked, findings: sortFindings([...checked.findings, ...unchanged], checked.sheetOrder) };
}

/** The configured period `id` names, or the latest when none is given; an unknown id is an error listing the known ones. */
function choosePeriod(periods: readonly Period[], id: string | undefined): Period {
  if (id === undefined) return latestPeriod({ periods: [...periods] });
  const period = periods.find((p) => p.id === id);
  if (!period) throw new Error(`--period ${id} is not one of the configuration's periods: ${periods.map((p) => p.id).join(', ')}`);
  return period;
}

export function toJson(checked: CheckedReturn) {
  return {
    rows: checked.rows.map((r) => ({
      sheet: r.sheet,
      row: r.row,
      outcome: r.outcome,
      aim: r.aim,
      laaRefs: r.laaRefs,
      action: r.action,
      update: r.update,
      status: r.status,
    })),
    findings: checked.findings.map((f) => ({ rule: f.rule, severity: f.severity, sheet: f.sheet, cell: f.cell, message: f.message })),
  };
}

/**
 * Grouped by rule, in the order an officer fixes them, each line naming sheet and cell; the
 * first line names the period checked (`isLatest`: chosen by default as the latest).
 */
export function formatForPerson(name: string, checked: CheckedReturn, period?: Pick<Period, 'id' | 'label'> & { isLatest?: boolean }): string {
  const count = (severity: Finding['severity']) => checked.findings.filter((f) => f.severity === severity).length;
  const checkedFor = period ? `; checked for ${period.label} (${period.id}${period.isLatest ? ', the latest period' : ''})` : '';
  const lines = [
    `${name}: ${checked.rows.length} action rows on ${checked.sheetsWithGrid.length} sheet(s); ` +
      `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)${checkedFor}`,
  ];
  const groups = new Map<string, Finding[]>();
  for (const finding of checked.findings) {
    const list = groups.get(finding.rule) ?? [];
    list.push(finding);
    groups.set(finding.rule, list);
  }
  for (const [rule, findings] of groups) {
    const definition = RULES[rule as keyof typeof RULES];
    lines.push('', `${definition.title} (${findings.length}) [${definition.severity}]`);
    for (const f of findings) lines.push(`  ${`${f.sheet}!${f.cell}`.padEnd(18)} ${f.message}`);
  }
  if (checked.findings.length === 0) lines.push('', 'No findings: the return is ready to send.');
  return `${lines.join('\n')}\n`;
}
