/**
 * Merging the districts' returns for one period into the master model (issue 4).
 * Rules:
 * - districts are taken in configuration order whatever order they arrive in (codes outside
 *   the configuration after them, by code), so "first appearance" is the same every time;
 * - rows with the same outcome and the same action, compared by comparisonKey (case, spaces
 *   and punctuation do not count), become one master row; an action only one district has
 *   stays a row of its own;
 * - a master row's LAA refs are the union of its rows' refs in catalogue spelling, in order
 *   of first appearance; refs outside the catalogue are listed with the nearest entry;
 *   districts whose rows give no ref are named, so the cell can say who is missing it;
 * - its District Update is one paragraph per district in configuration order, each ending
 *   with the district's tag (tag-update.ts); the same text sent twice is kept once;
 * - rows with no update are left out of the tables but counted in the summary; rows whose
 *   outcome is not configured cannot be placed and are counted apart (the Findings say why);
 * - order: outcomes in board (configuration) order, then aim code in configuration order
 *   (unknown codes after, rows with no aim code last), then first appearance.
 * Pure: no clock (`now` comes in), no globals, no I/O.
 */
import type { PartnershipConfig } from '../config/schema';
import { getGridContext } from '../grid/context';
import { refKey } from '../grid/laa-refs';
import type { GridRow } from '../grid/types';
import type { Finding } from '../rules/rules';
import { validateRows } from '../rules/validate';
import { ComparisonIndex } from '../text/comparison-index';
import { comparisonKey } from '../text/normalise';
import { createTagger } from './tag-update';
import type {
  DistrictFinding,
  DistrictReturn,
  DistrictSummary,
  ExceptionRow,
  FlatUpdate,
  MasterModel,
  MasterOutcome,
  MasterRow,
  MergeInput,
  UnknownRef,
} from './types';

interface Entry {
  district: string;
  row: GridRow;
}

interface Group {
  outcomeCode: string;
  seq: number;
  entries: Entry[];
}

const UNKNOWN_RANK = 1e6;

export function mergeReturns(input: MergeInput, config: PartnershipConfig): MasterModel {
  const context = getGridContext(config);
  const districtRank = new Map(config.districts.map((d, i) => [d.code, i]));
  const outcomeRank = new Map(config.outcomes.map((o, i) => [o.code, i]));
  const aimRank = new Map(config.outcomes.flatMap((o) => o.aims.map((a, i) => [a.code, i] as const)));
  const districts = sortDistricts(input.districts, districtRank);

  // Actions that are the same once case, spacing and punctuation are set aside become one group.
  const groups: Group[] = [];
  const index = new ComparisonIndex<Group>();
  let unplacedRows = 0;
  for (const { district, rows } of districts) {
    for (const row of rows) {
      if (row.action.trim() === '') continue;
      const outcomeCode = row.outcomeCode;
      if (outcomeCode === null || !outcomeRank.has(outcomeCode)) {
        if (row.update.trim() !== '') unplacedRows++;
        continue;
      }
      const candidate: Group = { outcomeCode, seq: groups.length, entries: [] };
      let group = index.findOrAdd(outcomeCode, row.action, candidate);
      if (!group) {
        group = candidate;
        groups.push(group);
      }
      group.entries.push({ district, row });
    }
  }

  const taggers = new Map<string, (text: string) => string>();
  const taggerFor = (code: string) => {
    let tagger = taggers.get(code);
    if (!tagger) {
      const configured = config.districts.find((d) => d.code === code);
      tagger = createTagger(configured ?? { code, tags: [] });
      taggers.set(code, tagger);
    }
    return tagger;
  };
  const nearest = new Map<string, string | null>();
  const suggestionFor = (ref: string) => {
    const key = refKey(ref);
    if (!nearest.has(key)) nearest.set(key, context.catalogue.nearest(ref) ?? null);
    return nearest.get(key)!;
  };

  const byOutcome = new Map<string, { row: MasterRow; seq: number }[]>();
  for (const group of groups) {
    const row = buildMasterRow(group, taggerFor, suggestionFor, context.catalogue.lookup);
    if (!row) continue;
    const list = byOutcome.get(group.outcomeCode) ?? [];
    list.push({ row, seq: group.seq });
    byOutcome.set(group.outcomeCode, list);
  }
  const aimOrder = (code: string | null) => (code === null ? 2 * UNKNOWN_RANK : (aimRank.get(code) ?? UNKNOWN_RANK));
  const outcomes: MasterOutcome[] = config.outcomes.map((outcome) => {
    const list = byOutcome.get(outcome.code) ?? [];
    list.sort(
      (a, b) =>
        aimOrder(a.row.aimCode) - aimOrder(b.row.aimCode) ||
        (a.row.aimCode ?? '').localeCompare(b.row.aimCode ?? '') ||
        a.seq - b.seq,
    );
    return { code: outcome.code, name: outcome.name, rows: list.map((entry) => entry.row) };
  });

  const findingsByDistrict = districts.map((d) => ({
    district: d.district,
    findings: d.findings ?? validateRows(d.rows, config, { period: input.period }),
  }));

  return {
    partnership: config.partnership.name,
    period: {
      id: input.period,
      label: config.periods.find((p) => p.id === input.period)?.label ?? input.period,
    },
    madeAt: input.now.toISOString(),
    districts: summariseDistricts(districts, findingsByDistrict, config),
    outcomes,
    exceptions: listExceptions(districts, outcomeRank, (code) => context.outcomeByCode(code)?.name),
    findings: findingsByDistrict.flatMap(({ district, findings }) =>
      findings.map((finding): DistrictFinding => ({ district, ...finding })),
    ),
    updates: listUpdates(districts, outcomeRank),
    unplacedRows,
  };
}

function sortDistricts(list: readonly DistrictReturn[], rank: Map<string, number>): DistrictReturn[] {
  const merged = new Map<string, DistrictReturn>();
  for (const entry of list) {
    const seen = merged.get(entry.district);
    merged.set(
      entry.district,
      seen
        ? {
            district: entry.district,
            rows: [...seen.rows, ...entry.rows],
            lastSync: latest(seen.lastSync, entry.lastSync),
            findings: seen.findings && entry.findings ? [...seen.findings, ...entry.findings] : undefined,
          }
        : entry,
    );
  }
  return [...merged.values()].sort(
    (a, b) =>
      (rank.get(a.district) ?? UNKNOWN_RANK) - (rank.get(b.district) ?? UNKNOWN_RANK) ||
      (a.district < b.district ? -1 : a.district > b.district ? 1 : 0),
  );
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function buildMasterRow(
  group: Group,
  taggerFor: (code: string) => (text: string) => string,
  suggestionFor: (ref: string) => string | null,
  lookup: (ref: string) => string | undefined,
): MasterRow | null {
  const updates: MasterRow['updates'] = [];
  const missingRefDistricts: string[] = [];
  // Entries arrive district by district in configuration order, so each district's are adjacent.
  const entries = group.entries;
  for (let start = 0; start < entries.length; ) {
    const district = entries[start]!.district;
    let end = start + 1;
    while (end < entries.length && entries[end]!.district === district) end++;
    let text: string;
    let hasRef = false;
    if (end - start === 1) {
      // The usual case: one row from this district, nothing to tell apart.
      const row = entries[start]!.row;
      text = row.update.trim();
      hasRef = row.laaRefs.length > 0;
    } else {
      const seen = new Set<string>();
      const paragraphs: string[] = [];
      for (let i = start; i < end; i++) {
        const row = entries[i]!.row;
        if (row.laaRefs.length > 0) hasRef = true;
        const paragraph = row.update.trim();
        if (paragraph === '') continue;
        const key = comparisonKey(paragraph);
        if (seen.has(key)) continue;
        seen.add(key);
        paragraphs.push(paragraph);
      }
      text = paragraphs.join('\n\n');
    }
    start = end;
    if (text === '') continue;
    updates.push({ district, text: taggerFor(district)(text) });
    if (!hasRef) missingRefDistricts.push(district);
  }
  if (updates.length === 0) return null;

  const refs = new Map<string, string>();
  const unknown = new Map<string, UnknownRef>();
  for (const { district, row } of group.entries) {
    for (const typed of row.laaRefs) {
      const key = refKey(typed);
      if (key === '') continue;
      const known = lookup(typed);
      if (!refs.has(key)) refs.set(key, known ?? typed);
      if (known !== undefined) continue;
      const entry = unknown.get(key) ?? { ref: typed, suggestion: suggestionFor(typed), districts: [] };
      if (!entry.districts.includes(district)) entry.districts.push(district);
      unknown.set(key, entry);
    }
  }
  const first = group.entries[0]!.row;
  const withAim = group.entries.find((e) => e.row.aim.trim() !== '')?.row;
  return {
    outcomeCode: group.outcomeCode,
    outcome: first.outcome ?? first.outcomeText,
    aim: withAim?.aim.trim() ?? '',
    aimCode: group.entries.find((e) => e.row.aimCode !== null)?.row.aimCode ?? null,
    laaRefs: [...refs.values()],
    unknownRefs: [...unknown.values()],
    missingRefDistricts,
    action: first.action.trim(),
    updates,
  };
}

function summariseDistricts(
  districts: readonly DistrictReturn[],
  findings: readonly { district: string; findings: readonly Finding[] }[],
  config: PartnershipConfig,
): DistrictSummary[] {
  const given = new Map(districts.map((d) => [d.district, d]));
  const found = new Map(findings.map((f) => [f.district, f.findings]));
  const codes = [...config.districts.map((d) => d.code), ...districts.map((d) => d.district)];
  const names = new Map(config.districts.map((d) => [d.code, d.name]));
  return [...new Set(codes)].map((code) => {
    const entry = given.get(code);
    const rows = entry?.rows ?? [];
    const updatesByOutcome: Record<string, number> = Object.fromEntries(config.outcomes.map((o) => [o.code, 0]));
    let rowsWithUpdate = 0;
    for (const row of rows) {
      if (row.update.trim() === '') continue;
      rowsWithUpdate++;
      if (row.outcomeCode !== null && row.outcomeCode in updatesByOutcome) updatesByOutcome[row.outcomeCode]!++;
    }
    const list = found.get(code) ?? [];
    return {
      code,
      name: names.get(code) ?? code,
      rows: rows.length,
      rowsWithUpdate,
      updatesByOutcome,
      lastSync: entry?.lastSync ?? null,
      missingLaaRefs: list.filter((f) => f.rule === 'missing-laa-ref').length,
      findings: list.length,
      hasReturned: entry !== undefined && (rows.length > 0 || entry.lastSync !== null),
    };
  });
}

function listExceptions(
  districts: readonly DistrictReturn[],
  outcomeRank: Map<string, number>,
  outcomeName: (code: string) => string | undefined,
): ExceptionRow[] {
  const list: (ExceptionRow & { rank: number; seq: number })[] = [];
  for (const { district, rows } of districts) {
    for (const row of rows) {
      if (row.status !== 'At risk' && row.status !== 'Exceptional') continue;
      list.push({
        district,
        status: row.status,
        outcome: (row.outcomeCode && outcomeName(row.outcomeCode)) || row.outcomeText,
        aim: row.aim.trim(),
        action: row.action.trim(),
        update: row.update.trim(),
        rank: row.outcomeCode === null ? UNKNOWN_RANK : (outcomeRank.get(row.outcomeCode) ?? UNKNOWN_RANK),
        seq: list.length,
      });
    }
  }
  // The board reads what is at risk first, then what is exceptionally good.
  list.sort((a, b) => Number(a.status !== 'At risk') - Number(b.status !== 'At risk') || a.rank - b.rank || a.seq - b.seq);
  return list.map(({ rank: _rank, seq: _seq, ...row }) => row);
}

function listUpdates(districts: readonly DistrictReturn[], outcomeRank: Map<string, number>): FlatUpdate[] {
  const list: (FlatUpdate & { rank: number; seq: number })[] = [];
  for (const { district, rows } of districts) {
    for (const row of rows) {
      if (row.update.trim() === '') continue;
      list.push({
        district,
        outcome: row.outcome ?? row.outcomeText,
        aim: row.aim.trim(),
        laaRefs: row.laaRefs,
        action: row.action.trim(),
        update: row.update.trim(),
        status: row.status ?? '',
        rank: row.outcomeCode === null ? UNKNOWN_RANK : (outcomeRank.get(row.outcomeCode) ?? UNKNOWN_RANK),
        seq: list.length,
      });
    }
  }
  list.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
  return list.map(({ rank: _rank, seq: _seq, ...row }) => row);
}
