/**
 * The merge against a reference merge written here as plainly as the rules read (DOMAIN.md and
 * merge-returns.ts's header), over generated returns: what the board reads in each outcome's
 * table, the summary, the exceptions and the flat list of updates must be the reference's. A
 * merge that is wrong the same way every time (drops a second row, names every district as
 * missing a ref, tags twice) fails here, where "same whatever the order" would still pass.
 */
import fc from 'fast-check';
import { DEFAULT_CONFIG, comparisonKey, getGridContext, type GridRow } from '../../../shared';
import { getBoardOutcomeLabel } from '../../../shared/config/schema';
import { mergeReturns, tagUpdate, type DistrictReturn } from '../../../shared/merge';
import { makeGridRow } from '../../support/grid-row';

const config = DEFAULT_CONFIG;
const NOW = new Date('2008-03-20T09:00:00Z');
const catalogue = getGridContext(config).catalogue;

interface RefRow {
  outcome: string;
  aim: string;
  aimCode: string | null;
  action: string;
  laaRefs: string[];
  missingRefDistricts: string[];
  updates: { district: string; text: string; unchangedSince: string | null }[];
}

/** The first aim code given, as its code and the configuration's wording; else the first aim typed. */
function boardAim(rows: readonly GridRow[]): string {
  const code = rows.map((r) => r.aimCode).find((c) => c !== null);
  const known = config.outcomes.flatMap((o) => o.aims).find((a) => a.code === code);
  return known ? `${known.code}  ${known.name}` : (rows.map((r) => r.aim.trim()).find((a) => a !== '') ?? '');
}

/** The rules, one at a time, with no indexes, hashing or shortcuts. */
function referenceMerge(returns: readonly DistrictReturn[]) {
  const rank = (code: string) => {
    const i = config.districts.findIndex((d) => d.code === code);
    return i < 0 ? 1e6 : i;
  };
  // One return per district (a district sending twice is one return), in configuration order.
  const codes = [...new Set(returns.map((r) => r.district))].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const byDistrict = codes.map((code) => ({ district: code, rows: returns.filter((r) => r.district === code).flatMap((r) => r.rows) }));

  const tables = config.outcomes.map((outcome) => {
    const groups: { action: string; entries: { district: string; row: GridRow }[] }[] = [];
    for (const { district, rows } of byDistrict) {
      for (const row of rows) {
        if (row.outcomeCode !== outcome.code || row.action.trim() === '') continue;
        let group = groups.find((g) => comparisonKey(g.action) === comparisonKey(row.action));
        if (!group) groups.push((group = { action: row.action, entries: [] }));
        group.entries.push({ district, row });
      }
    }
    const rows: (RefRow & { seq: number })[] = [];
    groups.forEach((group, seq) => {
      const updates: RefRow['updates'] = [];
      const missingRefDistricts: string[] = [];
      for (const code of codes) {
        const own = group.entries.filter((e) => e.district === code).map((e) => e.row);
        if (own.length === 0) continue;
        const paragraphs: string[] = [];
        for (const row of own) {
          const text = row.update.trim();
          if (text !== '' && !paragraphs.some((p) => comparisonKey(p) === comparisonKey(text))) paragraphs.push(text);
        }
        if (paragraphs.length === 0) continue;
        const configured = config.districts.find((d) => d.code === code) ?? { code, tags: [] };
        updates.push({ district: code, text: tagUpdate(paragraphs.join('\n\n'), configured), unchangedSince: null });
        if (own.every((row) => row.laaRefs.length === 0)) missingRefDistricts.push(code);
      }
      if (updates.length === 0) return;
      const laaRefs: string[] = [];
      for (const { row } of group.entries) {
        for (const ref of row.laaRefs) {
          const spelt = catalogue.lookup(ref) ?? ref;
          if (!laaRefs.some((r) => (catalogue.lookup(r) ?? r).replace(/\s/g, '').toUpperCase() === spelt.replace(/\s/g, '').toUpperCase())) laaRefs.push(spelt);
        }
      }
      const first = group.entries[0]!.row;
      rows.push({
        seq,
        // The board's wording: its outcome label, and a known aim as code and configured wording.
        outcome: getBoardOutcomeLabel(config, outcome),
        aim: boardAim(group.entries.map((e) => e.row)),
        aimCode: group.entries.map((e) => e.row.aimCode).find((c) => c !== null) ?? null,
        action: first.action.trim(),
        laaRefs,
        missingRefDistricts,
        updates,
      });
    });
    const aimRank = (code: string | null) => {
      if (code === null) return 2e6;
      const i = outcome.aims.findIndex((a) => a.code === code);
      return i < 0 ? 1e6 : i;
    };
    rows.sort((a, b) => aimRank(a.aimCode) - aimRank(b.aimCode) || (a.aimCode ?? '').localeCompare(b.aimCode ?? '') || a.seq - b.seq);
    return { code: outcome.code, name: outcome.name, rows: rows.map(({ seq: _seq, ...row }) => row) };
  });

  const outcomeRank = (code: string | null) => {
    const i = config.outcomes.findIndex((o) => o.code === code);
    return i < 0 ? 1e6 : i;
  };
  const all = byDistrict.flatMap(({ district, rows }) => rows.map((row) => ({ district, row })));
  const withUpdate = all.filter(({ row }) => row.update.trim() !== '');
  const updates = [...withUpdate]
    .sort((a, b) => outcomeRank(a.row.outcomeCode) - outcomeRank(b.row.outcomeCode))
    .map(({ district, row }) => ({ district, action: row.action.trim(), update: row.update.trim(), status: row.status ?? '' }));
  const exceptions = all
    .filter(({ row }) => row.status === 'At risk' || row.status === 'Exceptional')
    .sort((a, b) => Number(a.row.status !== 'At risk') - Number(b.row.status !== 'At risk') || outcomeRank(a.row.outcomeCode) - outcomeRank(b.row.outcomeCode))
    .map(({ district, row }) => ({
      district,
      status: row.status,
      action: row.action.trim(),
      // The district's text tagged as in the tables, so the board knows whose it is.
      update: row.update.trim() === '' ? '' : tagUpdate(row.update.trim(), config.districts.find((d) => d.code === district) ?? { code: district, tags: [] }),
    }));
  const summary = [...new Set([...config.districts.map((d) => d.code), ...codes])].map((code) => {
    const rows = byDistrict.find((d) => d.district === code)?.rows ?? [];
    const sent = returns.filter((r) => r.district === code);
    return {
      code,
      rows: rows.length,
      rowsWithUpdate: rows.filter((r) => r.update.trim() !== '').length,
      updatesByOutcome: Object.fromEntries(config.outcomes.map((o) => [o.code, rows.filter((r) => r.outcomeCode === o.code && r.update.trim() !== '').length])),
      hasReturned: rows.length > 0 || sent.some((r) => r.lastSync !== null),
      lastSync: sent.map((r) => r.lastSync).filter((s) => s !== null).sort().at(-1) ?? null,
    };
  });
  const unplacedRows = withUpdate.filter(({ row }) => outcomeRank(row.outcomeCode) === 1e6 && row.action.trim() !== '').length;
  return { tables, updates, exceptions, summary, unplacedRows };
}

/** A grid row with no aim, no refs and the action "Act" unless the test gives them. */
function makeRow(partial: Partial<GridRow>): GridRow {
  return makeGridRow({ aim: '', aimCode: null, laaRefs: [], laaRefsText: '', action: 'Act', ...partial });
}

const rowArb = fc
  .record({
    outcome: fc.constantFrom(...config.outcomes.map((o) => o.code), null),
    aim: fc.constantFrom('', '1', '2', '9'),
    action: fc.constantFrom('Develop youth strategy.', 'develop  Youth-Strategy', 'Promote green gym', 'Fund festivals', '  ', 'Measure cohesion'),
    refs: fc.subarray(['CYP1', 'cyp 8', 'SC7', 'XX1', 'NI 15']),
    update: fc.constantFrom('', '  ', 'Done.', 'done', 'Planned (HBBC).', 'Progress - NWL', 'New scheme agreed', 'Second phase begun.'),
    status: fc.constantFrom(null, 'On track', 'At risk', 'Exceptional'),
  })
  .map((r): GridRow => {
    const outcome = config.outcomes.find((o) => o.code === r.outcome);
    const aimCode = r.aim && outcome ? `${outcome.code}${r.aim}` : null;
    return makeRow({
      outcome: outcome?.name ?? null,
      outcomeCode: outcome?.code ?? null,
      outcomeText: outcome?.name ?? 'Wellness',
      aim: aimCode ?? '',
      aimCode,
      laaRefs: r.refs,
      laaRefsText: r.refs.join(', '),
      action: r.action,
      update: r.update,
      status: r.status as GridRow['status'],
    });
  });
const returnsArb = fc.array(
  fc.record({
    district: fc.constantFrom(...config.districts.map((d) => d.code), 'ZZC'),
    rows: fc.array(rowArb, { maxLength: 10 }),
    lastSync: fc.constantFrom(null, '2008-03-01T00:00:00.000Z', '2008-03-02T00:00:00.000Z'),
  }),
  { minLength: 1, maxLength: 8 },
);

describe('mergeReturns against the reference merge', () => {
  it('gives the board the reference’s tables, summary, exceptions and updates', () => {
    fc.assert(
      fc.property(returnsArb, (returns) => {
        const master = mergeReturns({ period: '2008-03', districts: returns, now: NOW }, config);
        const expected = referenceMerge(returns);
        expect(
          master.outcomes.map((o) => ({
            code: o.code,
            name: o.name,
            rows: o.rows.map((r) => ({
              outcome: r.outcome,
              aim: r.aim,
              aimCode: r.aimCode,
              action: r.action,
              laaRefs: r.laaRefs,
              missingRefDistricts: r.missingRefDistricts,
              updates: r.updates,
            })),
          })),
        ).toEqual(expected.tables);
        expect(master.updates.map((u) => ({ district: u.district, action: u.action, update: u.update, status: u.status }))).toEqual(expected.updates);
        expect(master.exceptions.map((e) => ({ district: e.district, status: e.status, action: e.action, update: e.update }))).toEqual(expected.exceptions);
        expect(
          master.districts.map((d) => ({ code: d.code, rows: d.rows, rowsWithUpdate: d.rowsWithUpdate, updatesByOutcome: d.updatesByOutcome, hasReturned: d.hasReturned, lastSync: d.lastSync })),
        ).toEqual(expected.summary);
        expect(master.unplacedRows).toBe(expected.unplacedRows);
      }),
    );
  });
});
