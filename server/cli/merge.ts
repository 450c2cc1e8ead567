/**
 * `district-returns merge --period ID [--copy board|working] [--config FILE]
 * [--previous SOURCE ...] [--include-unchanged] -o master.xlsx SOURCE ...`:
 * the master workbook made from the districts' return files, with no service running — the
 * same merge and the same workbook as the coordinator's download. With --previous, the
 * districts' returns for the period before: an update repeated from them is left out of the
 * board's copy (update-unchanged) unless --include-unchanged, as the service's master does.
 * A SOURCE is `CODE=FILE`, a FILE, or a FOLDER of .xlsx files; for a file without a code the
 * district comes from its name or its cells (district-of-file.ts).
 * Exit 0 when written; 2 with one line on stderr for bad usage, an unknown district code or
 * period, a file or folder that cannot be read (nothing is written then), or when writing fails.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CheckedReturn, PartnershipConfig } from '../../shared';
import { getPreviousPeriod, mergeReturns, type DistrictReturn } from '../../shared/merge';
import { loadConfig } from '../config/load-config';
import { readReturnWorkbook } from '../workbook/read-workbook';
import { MASTER_COPIES, renderMasterWorkbook, type MasterCopy } from '../workbook/write-master';
import { DEFAULT_ZIP_LIMITS } from '../workbook/zip-guard';
import { districtFromCells, districtFromFileName } from './district-of-file';
import { describeFileError } from './file-errors';
import { EXIT, type CliCommand, type CliIo } from './types';

const USAGE = `Usage: district-returns merge --period ID [--copy board|working] [--config FILE]
         [--previous SOURCE ...] [--include-unchanged] -o master.xlsx SOURCE ...

Makes the master workbook for the board from the districts' return files.
  --period ID      the reporting period, e.g. 2008-03
  -o, --output     where to write the master workbook
  --copy COPY      board: only the board's tables, ready to print; working (default): with
                   Summary, highlights, notes, Findings and All updates
  --config FILE    the partnership configuration (default: Leicestershire)
  --previous SOURCE  the districts' returns for the period before (repeatable, as SOURCE):
                   an update repeated from them is left out of the board's copy
  --include-unchanged  keep such updates in the board's copy
  SOURCE           CODE=FILE (e.g. HBBC=hinckley.xlsx), a FILE, or a FOLDER of .xlsx files;
                   without a CODE the district comes from the file's name (its code, a tag
                   such as NWL, or the council's name) or from the tags in its update cells
Exit status: 0 when written, 2 for bad usage, a file that cannot be read or a write that fails.`;

const PREFIX = 'district-returns merge';

/**
 * Reads every SOURCE (CODE=FILE, FILE or FOLDER) as the districts' returns for `period`; on a
 * bad source, an unreadable file, an unknown district or one given twice, says so on stderr
 * (prefixed with `label`) and gives the exit code instead.
 */
async function readDistricts(io: CliIo, positionals: readonly string[], config: PartnershipConfig, period: string, label = ''): Promise<DistrictReturn[] | number> {
  const sources = parseSources(positionals, config);
  if (typeof sources === 'string') return fail(io, `${label}${sources}`);
  const districts: DistrictReturn[] = [];
  const seen = new Map<string, string>();
  for (const source of sources) {
    let checked: CheckedReturn;
    try {
      checked = await readSource(source.file, config, period);
    } catch (error) {
      return fail(io, `${label}${source.district ? `${source.district}=` : ''}${source.file}: ${describeFileError(error)}`);
    }
    const district = source.district ?? districtFromCells(checked, config);
    if (district === null) {
      return fail(io, `${label}${source.file}: cannot tell which district this is from its name or its cells; give it as CODE=${source.file}, e.g. HBBC=${source.file}`);
    }
    const earlier = seen.get(district);
    if (earlier !== undefined) return fail(io, `${label}district ${district} is given twice (${earlier} and ${source.file})`);
    seen.set(district, source.file);
    districts.push({ district, rows: checked.rows, lastSync: null, findings: checked.findings });
  }
  return districts;
}

function fail(io: CliIo, message: string): number {
  io.stderr(`${PREFIX}: ${message.replace(/\s+/g, ' ').trim()}\n`);
  return EXIT.usage;
}

interface Source {
  /** Null until read: then taken from the file name or its cells. */
  district: string | null;
  file: string;
}

/** CODE=FILE, FILE or FOLDER (its .xlsx files, not Excel's ~$ lock files) → sources, or a refusal. */
function parseSources(positionals: readonly string[], config: PartnershipConfig): Source[] | string {
  const known = new Set(config.districts.map((d) => d.code));
  const sources: Source[] = [];
  for (const item of positionals) {
    const at = item.indexOf('=');
    if (at > 0) {
      if (at === item.length - 1) return `"${item}" is not CODE=FILE, e.g. HBBC=hinckley.xlsx`;
      const district = item.slice(0, at).trim().toUpperCase();
      if (!known.has(district)) {
        return `unknown district code "${item.slice(0, at)}"; ${config.partnership.name}'s districts are ${[...known].join(', ')}`;
      }
      sources.push({ district, file: item.slice(at + 1) });
      continue;
    }
    let isFolder: boolean;
    try {
      isFolder = statSync(item).isDirectory();
    } catch (error) {
      return `${item}: ${describeFileError(error)}`;
    }
    if (!isFolder) {
      sources.push({ district: districtFromFileName(basename(item), config), file: item });
      continue;
    }
    const files = readdirSync(item).filter((name) => /\.xlsx$/i.test(name) && !name.startsWith('~$')).sort();
    if (files.length === 0) return `${item}: the folder has no .xlsx files`;
    for (const name of files) sources.push({ district: districtFromFileName(name, config), file: join(item, name) });
  }
  return sources;
}

/** A district's file read and checked against the period being merged (LAA refs in use then). */
async function readSource(file: string, config: PartnershipConfig, period: string): Promise<CheckedReturn> {
  const size = statSync(file).size;
  if (size > DEFAULT_ZIP_LIMITS.maxFileBytes) {
    throw new Error(`the file is ${(size / 1048576).toFixed(1)} MB; a return may be at most ${DEFAULT_ZIP_LIMITS.maxFileBytes / 1048576} MB`);
  }
  return readReturnWorkbook(readFileSync(file), config, { period });
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
          previous: { type: 'string', multiple: true },
          'include-unchanged': { type: 'boolean' },
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
    const districts = await readDistricts(io, parsed.positionals, config, period);
    if (typeof districts === 'number') return districts;
    let previous: { period: string; districts: DistrictReturn[] } | undefined;
    if (parsed.values.previous !== undefined) {
      const previousPeriod = getPreviousPeriod(config, period);
      if (previousPeriod === null) return fail(io, `--previous: ${period} is the configuration's first period; there is no period before it`);
      const read = await readDistricts(io, parsed.values.previous, config, previousPeriod, '--previous ');
      if (typeof read === 'number') return read;
      previous = { period: previousPeriod, districts: read };
    }

    const model = mergeReturns({ period, districts, now: new Date(), ...(previous ? { previous } : {}) }, config);
    try {
      writeFileSync(output, await renderMasterWorkbook(model, { copy, includeUnchanged: parsed.values['include-unchanged'] === true }));
    } catch (error) {
      return fail(io, `cannot write ${output}: ${describeFileError(error)}`);
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
