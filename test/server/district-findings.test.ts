/**
 * The findings a sync answer carries (server/sync/district-findings.ts) are worked out from
 * cached checks of each row, redone only for rows that changed. Whatever the sequence of
 * changes, they must be the findings the rules give over the district's rows now: the full
 * run's for every row (`all`), and for a batch (`ofRows`) those of its rows and of the rows
 * sharing their action, in the same order. A stale cached check would show an officer a finding
 * already fixed, or hide a new one.
 */
import fc from 'fast-check';
import { DEFAULT_CONFIG, comparisonKey, gridRowFromPayload, sortFindings, validateRows, type RowPayload, type StoredRow } from '../../shared';
import { createDistrictFindings } from '../../server/sync/district-findings';

const ACTIONS = ['Run the forum', 'run the  forum.', 'Youth work', 'Holiday scheme', ''];
const IDS = Array.from({ length: 6 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);

const payload: fc.Arbitrary<RowPayload> = fc.record({
  outcome: fc.constantFrom('Stay safe', 'Be healthy', 'Nowhere'),
  aim: fc.constantFrom('', 'S1', 'H2', 'Z9'),
  laaRefs: fc.constantFrom([], ['SC7'], ['NOPE1'], ['SC7', 'CYP8']),
  action: fc.constantFrom(...ACTIONS),
  update: fc.constantFrom('', 'Met monthly.'),
  status: fc.constantFrom(null, 'On track' as const),
  rowNumber: fc.integer({ min: 3, max: 40 }),
});

/** One step: the row with this id now holds this payload (a new StoredRow), or is deleted. */
const step = fc.record({ id: fc.nat(IDS.length - 1), row: fc.option(payload, { freq: 5 }) });

function full(rows: readonly StoredRow[]) {
  return sortFindings(validateRows(rows.map((r) => gridRowFromPayload(r.row, r.id, DEFAULT_CONFIG)), DEFAULT_CONFIG));
}

test('after any sequence of changes, the cached findings are those of a full run over the rows as they stand', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), fc.array(fc.subarray(IDS, { minLength: 1 }), { minLength: 1, maxLength: 3 }), (steps, idSets) => {
      const findings = createDistrictFindings(DEFAULT_CONFIG);
      // The district's rows in table order: a changed row keeps its place, a new one goes last.
      const rows = new Map<string, StoredRow>();
      let version = 0;
      for (const s of steps) {
        const id = IDS[s.id] as string;
        if (s.row === null) rows.delete(id);
        else rows.set(id, { id, district: 'HBBC', period: '2008-03', version: ++version, deleted: false, updatedAt: '2008-03-01T00:00:00.000Z', row: s.row });
        const live = [...rows.values()];
        const expected = full(live);
        expect(findings.all(live)).toEqual(expected);
        for (const ids of idSets) {
          const chosen = new Set(ids);
          const keys = new Set(live.filter((r) => chosen.has(r.id)).map((r) => comparisonKey(r.row.action)));
          const involved = new Set(live.filter((r) => keys.has(comparisonKey(r.row.action))).map((r) => r.id));
          expect(findings.ofRows(live, chosen)).toEqual(expected.filter((f) => involved.has(f.rowId as string)));
        }
      }
    }),
    { numRuns: 150 },
  );
});
