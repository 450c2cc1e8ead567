import fc from 'fast-check';
import { DEFAULT_CONFIG, type GridRow } from '../../../shared';
import { mergeReturns, tagUpdate, type DistrictReturn } from '../../../shared/merge';
import { buildSeedReturns } from '../../support/seed-returns';

const NOW = new Date('2008-03-20T09:00:00Z');
const merge = (districts: DistrictReturn[], period = '2008-03') => mergeReturns({ period, districts, now: NOW }, DEFAULT_CONFIG);

function makeRow(partial: Partial<GridRow> & Pick<GridRow, 'action'>): GridRow {
  return {
    sheet: 'Return',
    row: 5,
    id: null,
    outcome: 'Stay safe',
    outcomeCode: 'S',
    outcomeText: 'Stay safe',
    aim: 'S1',
    aimCode: 'S1',
    laaRefs: ['SC7'],
    laaRefsText: 'SC7',
    update: '',
    status: null,
    statusText: '',
    extra: {},
    cells: {},
    ...partial,
  };
}

describe('mergeReturns on the March 2008 appendix', () => {
  const master = merge(buildSeedReturns());
  const table = (name: string) => master.outcomes.find((o) => o.name === name)!.rows;

  it('gives one table per outcome in board order', () => {
    expect(master.outcomes.map((o) => o.name)).toEqual([
      'Be healthy',
      'Stay safe',
      'Enjoy and achieve',
      'Make a positive contribution',
      'Achieve economic well-being',
    ]);
    expect(master.period).toEqual({ id: '2008-03', label: '20 March 2008' });
    expect(master.madeAt).toBe('2008-03-20T09:00:00.000Z');
  });

  it('gathers the districts’ updates of one action in one row, tagged, in configuration order', () => {
    const staySafe = table('Stay safe');
    expect(staySafe.map((r) => r.aimCode)).toEqual(['S1', 'S2', 'S2', 'S4']);
    // NWLDC typed the S4 action with other case, spacing and hyphens: still one row, as on the board.
    const s4 = staySafe[3]!;
    expect(s4.updates.map((u) => u.text).join('\n\n')).toBe(
      'Links to the new YOT Impact Team are being developed (HBBC).\n\nNWLDC Multi agency JAG meeting addresses this issue (NWL).',
    );
    expect(staySafe[1]!.updates[0]!.text).toMatch(/where possible - NWLDC\.$/);
    expect(staySafe[2]!.updates[0]!.text).toBe('HBBC achieved level 3 (HBBC).');
    expect(staySafe[0]!.updates.map((u) => u.district)).toEqual(['HDC', 'HBBC', 'NWLDC']);
    const sports = table('Enjoy and achieve')[1]!;
    expect(sports.updates.map((u) => u.text).join('\n\n')).toBe(
      'New Sports Awards evening established in Hinckley and Bosworth (HBBC).\n\nLSA Awards Programme (NWLDC).',
    );
  });

  it('keeps the LAA refs as the union in catalogue spelling, and names districts missing them', () => {
    expect(table('Make a positive contribution')[1]!.laaRefs).toEqual(['SC3.1', 'CYP7', 'CYP8', 'SC5.1', 'SC5.2']);
    expect(table('Be healthy')[1]!.laaRefs).toEqual(['CYP2']);
    expect(table('Stay safe')[0]!.laaRefs).toEqual([]);
    expect(table('Stay safe')[0]!.missingRefDistricts).toEqual(['HDC', 'HBBC', 'NWLDC']);
    expect(table('Be healthy')[2]!.missingRefDistricts).toEqual(['HBBC']);
  });

  it('leaves actions without an update out of the tables and counts the rest in the summary', () => {
    const rows = master.outcomes.reduce((n, o) => n + o.rows.length, 0);
    expect(rows).toBe(18);
    const hdc = master.districts.find((d) => d.code === 'HDC')!;
    expect(hdc).toMatchObject({ rows: 18, rowsWithUpdate: 8, missingLaaRefs: 3, hasReturned: true });
    expect(hdc.updatesByOutcome).toEqual({ H: 1, S: 1, A: 3, C: 2, E: 1 });
    expect(master.districts.find((d) => d.code === 'BDC')).toMatchObject({ rows: 0, hasReturned: false });
  });
});

describe('mergeReturns rules', () => {
  it('lists a ref outside the catalogue with its nearest entry and the districts that gave it', () => {
    const master = merge([
      { district: 'MBC', lastSync: null, rows: [makeRow({ action: 'Act', laaRefs: ['CYP9'], update: 'Done.' })] },
    ]);
    expect(master.outcomes[1]!.rows[0]!.unknownRefs).toEqual([{ ref: 'CYP9', suggestion: 'CYP1', districts: ['MBC'] }]);
  });

  it('keeps actions of one district as rows of their own and orders by aim code, then first appearance', () => {
    const master = merge([
      {
        district: 'BDC',
        lastSync: null,
        rows: [
          makeRow({ action: 'Second', aim: 'S4', aimCode: 'S4', update: 'b' }),
          makeRow({ action: 'First', aim: 'S1', aimCode: 'S1', update: 'a' }),
          makeRow({ action: 'Third', aim: 'S4', aimCode: 'S4', update: 'c' }),
          makeRow({ action: 'No news', aim: 'S1', aimCode: 'S1' }),
        ],
      },
    ]);
    expect(master.outcomes[1]!.rows.map((r) => r.action)).toEqual(['First', 'Second', 'Third']);
  });

  it('lists At risk rows before Exceptional ones, and puts rows of unknown outcomes aside', () => {
    const master = merge([
      {
        district: 'CBC',
        lastSync: '2008-03-01T10:00:00.000Z',
        rows: [
          makeRow({ action: 'Good', update: 'x', status: 'Exceptional' }),
          makeRow({ action: 'Late', update: 'y', status: 'At risk' }),
          makeRow({ action: 'Lost', update: 'z', outcome: null, outcomeCode: null, outcomeText: 'Wellness' }),
        ],
      },
    ]);
    expect(master.exceptions.map((e) => [e.status, e.action])).toEqual([
      ['At risk', 'Late'],
      ['Exceptional', 'Good'],
    ]);
    expect(master.unplacedRows).toBe(1);
    expect(master.findings.some((f) => f.district === 'CBC' && f.rule === 'unknown-outcome')).toBe(true);
    expect(master.districts.find((d) => d.code === 'CBC')!.lastSync).toBe('2008-03-01T10:00:00.000Z');
  });

  it('tags a paragraph once, recognising the tags officers already type', () => {
    const nwldc = DEFAULT_CONFIG.districts.find((d) => d.code === 'NWLDC')!;
    expect(tagUpdate('JAG meeting (NWL).', nwldc)).toBe('JAG meeting (NWL).');
    expect(tagUpdate('Rolled out - NWLDC.', nwldc)).toBe('Rolled out - NWLDC.');
    expect(tagUpdate('Rolled out', nwldc)).toBe('Rolled out (NWLDC)');
    expect(tagUpdate('Rolled out.', nwldc)).toBe('Rolled out (NWLDC).');
  });
});

describe('mergeReturns properties', () => {
  const codes = DEFAULT_CONFIG.districts.map((d) => d.code);
  const outcomeCodes = DEFAULT_CONFIG.outcomes.map((o) => o.code);
  const rowArb = fc.record({
    outcome: fc.constantFrom(...outcomeCodes, null),
    aim: fc.constantFrom('', '1', '2', '9'),
    action: fc.constantFrom('Develop youth strategy.', 'develop  Youth-Strategy', 'Promote green gym', 'Fund festivals', 'Measure cohesion'),
    refs: fc.subarray(['CYP1', 'CYP8', 'SC7', 'XX1', 'NI 15']),
    update: fc.constantFrom('', 'Done.', 'Planned (HBBC).', 'Progress - NWL', 'New scheme agreed'),
    status: fc.constantFrom(null, 'On track', 'At risk', 'Exceptional'),
  });
  type RowShape = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;
  const toRow = (r: RowShape): GridRow => {
    const outcome = DEFAULT_CONFIG.outcomes.find((o) => o.code === r.outcome);
    return makeRow({
      outcome: outcome?.name ?? null,
      outcomeCode: outcome?.code ?? null,
      outcomeText: outcome?.name ?? 'Other',
      aim: r.aim && outcome ? `${outcome.code}${r.aim}` : '',
      aimCode: r.aim && outcome ? `${outcome.code}${r.aim}` : null,
      laaRefs: r.refs,
      action: r.action,
      update: r.update,
      status: r.status as GridRow['status'],
    });
  };
  const returnsArb = fc
    .uniqueArray(fc.constantFrom(...codes, 'ZZC'), { minLength: 1, maxLength: 8 })
    .chain((districts) =>
      fc.tuple(
        ...districts.map((district) =>
          fc.record({ district: fc.constant(district), rows: fc.array(rowArb.map(toRow), { maxLength: 12 }), lastSync: fc.constantFrom(null, '2008-03-01T00:00:00.000Z') }),
        ),
      ),
    );

  it('gives the same master whatever order the districts arrive in', () => {
    fc.assert(
      fc.property(returnsArb, fc.nat(), (returns, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(returns, { minLength: returns.length }), { numRuns: 1, seed })[0]!;
        expect(merge(shuffled)).toEqual(merge(returns));
      }),
    );
  });

  it('changes nothing when the same rows are merged twice', () => {
    fc.assert(
      fc.property(returnsArb, (returns) => {
        const once = merge(returns);
        const twice = merge(returns.map((d) => ({ ...d, rows: [...d.rows, ...d.rows] })));
        expect(twice.outcomes).toEqual(once.outcomes);
        expect(merge(returns)).toEqual(once);
      }),
    );
  });

  it('tagging a tagged paragraph changes nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEFAULT_CONFIG.districts), fc.string(), (district, text) => {
        const tagged = tagUpdate(text, district);
        expect(tagUpdate(tagged, district)).toBe(tagged);
      }),
    );
  });
});
