/**
 * `district-returns merge --period ID [--copy board|working] [--config FILE] -o master.xlsx CODE=return.xlsx ...`:
 * the master workbook made from the districts' return files, with no service running — the
 * same merge and the same workbook as the coordinator's download.
 * Exit 0 when written; 2 with one line on stderr for bad usage, an unknown district code or
 * period, or a file that cannot be read (nothing is written then); 1 when writing fails.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isAppError, type PartnershipConfig } from '../../shared';
import { mergeReturns, type DistrictReturn } from '../../shared/merge';
import { loadConfig } from '../config/load-config';
import { readReturnWorkbook } from '../workbook/read-workbook';
import { MASTER_COPIES, renderMasterWorkbook, type MasterCopy } from '../workbook/write-master';
import { DEFAULT_ZIP_LIMITS } from '../workbook/zip-guard';
import { EXIT, type CliCommand, type CliIo } from './types';

const USAGE = `Usage: district-returns merge --period ID [--copy board|working] [--config FILE] -o master.xlsx CODE=return.xlsx ...

Makes the master workbook for the board from the districts' return files.
  --period ID      the reporting period, e.g. 2008-03
  -o, --output     where to write the master workbook
  --copy COPY      board: only the board's tables, ready to print; working (default): with
                   Summary, highlights, notes, Findings and All updates
  --config FILE    the partnership configuration (default: Leicestershire)
  CODE=FILE        a district's code and its return, e.g. HBBC=hinckley.xlsx (one per district)
Exit status: 0 when written, 2 for bad usage or a file that cannot be read.`;

const PREFIX = 'district-returns merge';

function fail(io: CliIo, message: string): number {
  io.stderr(`${PREFIX}: ${message.replace(/\s+/g, ' ').trim()}\n`);
  return EXIT.usage;
}

interface Source {
  district: string;
  file: string;
}

function parseSources(positionals: readonly string[], config: PartnershipConfig): Source[] | string {
  const known = new Set(config.districts.map((d) => d.code));
  const seen = new Set<string>();
  const sources: Source[] = [];
  for (const item of positionals) {
    const at = item.indexOf('=');
    if (at <= 0 || at === item.length - 1) return `"${item}" is not CODE=FILE, e.g. HBBC=hinckley.xlsx`;
    const district = item.slice(0, at).trim().toUpperCase();
    if (!known.has(district)) {
      return `unknown district code "${item.slice(0, at)}"; ${config.partnership.name}'s districts are ${[...known].join(', ')}`;
    }
    if (seen.has(district)) return `district ${district} is given twice`;
    seen.add(district);
    sources.push({ district, file: item.slice(at + 1) });
  }
  return sources;
}

export const mergeCommand: CliCommand = {
  name: 'merge',
  summary: "make the master workbook from the districts' return files",
  usage: USAGE,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          period: { type: 'string' },
          config: { type: 'string' },
          output: { type: 'string', short: 'o' },
          copy: { type: 'string', default: 'working' },
        },
      });
    } catch (error) {
      return fail(io, (error as Error).message);
    }
    const { period, output } = parsed.values;
    if (!period || !output || parsed.positionals.length === 0) {
      io.stderr(`${USAGE}\n`);
      return EXIT.usage;
    }
    const copy = parsed.values.copy as MasterCopy;
    if (!MASTER_COPIES.includes(copy)) return fail(io, `--copy is board or working, not "${parsed.values.copy}"`);
    let config: PartnershipConfig;
    try {
      config = loadConfig(parsed.values.config);
    } catch (error) {
      return fail(io, (error as Error).message);
    }
    if (!config.periods.some((p) => p.id === period)) {
      return fail(io, `unknown period "${period}"; the periods are ${config.periods.map((p) => p.id).join(', ')}`);
    }
    const sources = parseSources(parsed.positionals, config);
    if (typeof sources === 'string') return fail(io, sources);

    const districts: DistrictReturn[] = [];
    for (const { district, file } of sources) {
      try {
        const size = statSync(file).size;
        if (size > DEFAULT_ZIP_LIMITS.maxFileBytes) {
          throw new Error(`the file is ${(size / 1048576).toFixed(1)} MB; a return may be at most ${DEFAULT_ZIP_LIMITS.maxFileBytes / 1048576} MB`);
        }
        const checked = await readReturnWorkbook(readFileSync(file), config, { period });
        districts.push({ district, rows: checked.rows, lastSync: null, findings: checked.findings });
      } catch (error) {
        return fail(io, `${district}=${file}: ${describeReadError(error)}`);
      }
    }

    const model = mergeReturns({ period, districts, now: new Date() }, config);
    try {
      writeFileSync(output, await renderMasterWorkbook(model, { copy, includeUnchanged: false }));
    } catch (error) {
      io.stderr(`${PREFIX}: cannot write ${output}: ${(error as Error).message}\n`);
      return EXIT.failed;
    }
    const actions = model.outcomes.reduce((n, o) => n + o.rows.length, 0);
    const missing = model.districts.reduce((n, d) => n + d.missingLaaRefs, 0);
    io.stdout(
      `${output}: ${model.partnership}, ${model.period.label}: ${actions} action(s) with updates from ` +
        `${districts.length} district(s); ${missing} action(s) missing an LAA ref, ${model.findings.length} finding(s).\n`,
    );
    return EXIT.ok;
  },
};

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a folder, not a workbook',
  EACCES: 'permission denied',
};

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in FILE_ERRORS) return FILE_ERRORS[code]!;
  return isAppError(error) || error instanceof Error ? error.message : String(error);
}
