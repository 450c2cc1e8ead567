/**
 * `district-returns check FILE.xlsx [--json] [--strict] [--config FILE]`: reads a return and
 * prints what is wrong with it, for a person or (with --json) as one JSON object. Exit 0 when
 * the file was read, whatever it found (with --strict: 1 when it found errors); 2 with one
 * plain line on stderr when it cannot be read (no such file, a folder, not a workbook).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { RULES, type CheckedReturn, type Finding } from '../../shared';
import { loadConfig } from '../config/load-config';
import { DEFAULT_ZIP_LIMITS } from '../workbook/zip-guard';
import { readReturnWorkbook } from '../workbook/read-workbook';
import { describeFileError } from './file-errors';
import { EXIT, type CliCommand } from './types';

const USAGE = `Usage: district-returns check FILE.xlsx [--json] [--strict] [--config FILE]

Reads a district return and lists its findings (missing LAA refs first).
  --json           print one JSON object { rows, findings } instead
  --strict         exit 1 when there are errors (for scripts and CI)
  --config FILE    the partnership configuration (default: Leicestershire)
Exit status: 0 when the file was read (with --strict: and had no errors), 1 with --strict
when it has errors, 2 when it cannot be read.`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check a return workbook and list its findings',
  usage: USAGE,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, strict: { type: 'boolean' }, config: { type: 'string' } } });
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
      const stat = statSync(file);
      if (stat.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      const size = stat.size;
      if (size > DEFAULT_ZIP_LIMITS.maxFileBytes) {
        throw new Error(`the file is ${(size / 1048576).toFixed(1)} MB; a return may be at most ${DEFAULT_ZIP_LIMITS.maxFileBytes / 1048576} MB`);
      }
      const checked = await readReturnWorkbook(readFileSync(file), config);
      if (parsed.values.json) io.stdout(`${JSON.stringify(toJson(checked))}\n`);
      else io.stdout(formatForPerson(basename(file), checked));
      const hasErrors = checked.findings.some((f) => f.severity === 'error');
      return parsed.values.strict && hasErrors ? EXIT.failed : EXIT.ok;
    } catch (error) {
      io.stderr(`district-returns check: ${file}: ${describeFileError(error)}\n`);
      return EXIT.usage;
    }
  },
};

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

/** Grouped by rule, in the order an officer fixes them, each line naming sheet and cell. */
export function formatForPerson(name: string, checked: CheckedReturn): string {
  const count = (severity: Finding['severity']) => checked.findings.filter((f) => f.severity === severity).length;
  const lines = [
    `${name}: ${checked.rows.length} action rows on ${checked.sheetsWithGrid.length} sheet(s); ` +
      `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`,
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
