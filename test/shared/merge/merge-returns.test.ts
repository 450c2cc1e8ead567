import fc from 'fast-check';
import { DEFAULT_CONFIG, type GridRow } from '../../../shared';
import { mergeReturns, tagUpdate, type DistrictReturn } from '../../../shared/merge';
import { buildSeedReturns } from '../../support/seed-returns';
import { makeGridRow } from '../../support/grid-row';

const NOW = new Date('2008-03-20T09:00:00Z');
const merge = (districts: DistrictReturn[], period = '2008-03') => mergeReturns({ period, districts, now: NOW }, DEFAULT_CONFIG);

function makeRow(partial: Partial<GridRow> & Pick<GridRow, 'action'>): GridRow {
  return makeGridRow(partial);
}

describe('mergeReturns on the March 2008 appendix', () => {
  // Merged in each test (not once for the file) so each test is the one that runs the merge:
  // mutation testing then knows which tests reach which code.
  let master: ReturnType<typeof merge>;
  beforeEach(() => {
    master = merge(buildSeedReturns());
  });
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

  it('puts the update of a district’s second row for the same action in the master, after the first', () => {
    const master = merge([
      {
        district: 'HBBC',
        lastSync: null,
        rows: [
          makeRow({ action: 'Develop youth strategy', laaRefs: [], update: 'Draft agreed.' }),
          makeRow({ action: 'develop youth-strategy.', laaRefs: ['SC7'], update: 'Consultation begun' }),
          // The same paragraph again (other case and spacing) is kept once.
          makeRow({ action: 'Develop youth strategy', laaRefs: [], update: 'draft  agreed' }),
        ],
      },
    ]);
    const [row] = master.outcomes[1]!.rows;
    expect(row!.updates).toEqual([{ district: 'HBBC', text: 'Draft agreed.\n\nConsultation begun (HBBC)', unchangedSince: null }]);
    // One of the district's rows gives a ref, so the district is not named as missing one.
    expect(row!.missingRefDistricts).toEqual([]);
    expect(row!.laaRefs).toEqual(['SC7']);
  });

  it('names as missing an LAA ref only the districts whose rows give none', () => {
    const master = merge([
      { district: 'HDC', lastSync: null, rows: [makeRow({ action: 'Fund festivals', laaRefs: ['CYP8'], update: 'Two held.' })] },
      { district: 'CBC', lastSync: null, rows: [makeRow({ action: 'Fund festivals', laaRefs: [], update: 'One held.' })] },
      { district: 'MBC', lastSync: null, rows: [makeRow({ action: 'Fund festivals', laaRefs: ['cyp 1'], update: 'Planned.' })] },
    ]);
    const row = master.outcomes[1]!.rows[0]!;
    expect(row.missingRefDistricts).toEqual(['CBC']);
    expect(row.laaRefs).toEqual(['CYP8', 'CYP1']);
    expect(row.updates.map((u) => u.text)).toEqual(['One held (CBC).', 'Two held (HDC).', 'Planned (MBC).']);
  });

  it('names a district with two rows and no ref on either once', () => {
    const master = merge([
      {
        district: 'BDC',
        lastSync: null,
        rows: [makeRow({ action: 'Act', laaRefs: [], update: 'One.' }), makeRow({ action: 'Act', laaRefs: [], update: 'Two.' })],
      },
    ]);
    expect(master.outcomes[1]!.rows[0]!.missingRefDistricts).toEqual(['BDC']);
    expect(master.outcomes[1]!.rows[0]!.updates[0]!.text).toBe('One.\n\nTwo (BDC).');
  });

  it('takes the aim code from the first row that gives one (worded as the configuration words it), the outcome as the board writes it, and the action as first typed', () => {
    const master = merge([
      { district: 'BDC', lastSync: null, rows: [makeRow({ action: '  Promote green gym ', aim: ' ', aimCode: null, update: 'a' })] },
      { district: 'CBC', lastSync: null, rows: [makeRow({ action: 'promote green gym', aim: ' S2 Safe from bullying ', aimCode: 'S2', update: 'b' })] },
    ]);
    expect(master.outcomes[1]!.rows[0]).toMatchObject({ action: 'Promote green gym', aim: 'S2  Safe from accidental injury and death', aimCode: 'S2', outcome: 'Stay Safe' });
  });

  it('keeps an action whose rows carry no update out of the table, even when another district has the same action', () => {
    const master = merge([
      { district: 'BDC', lastSync: null, rows: [makeRow({ action: 'Quiet', update: '  ' })] },
      { district: 'CBC', lastSync: null, rows: [makeRow({ action: 'Quiet', update: '' }), makeRow({ action: 'Busy', update: 'x' })] },
    ]);
    expect(master.outcomes[1]!.rows.map((r) => r.action)).toEqual(['Busy']);
    expect(master.districts.find((d) => d.code === 'CBC')).toMatchObject({ rows: 2, rowsWithUpdate: 1, hasReturned: true });
  });

  it('skips rows with no action and counts apart only updated rows of an unknown outcome', () => {
    const master = merge([
      {
        district: 'BDC',
        lastSync: null,
        rows: [
          makeRow({ action: '   ', update: 'Orphan update' }),
          makeRow({ action: 'Lost', update: 'z', outcome: null, outcomeCode: null, outcomeText: 'Wellness' }),
          makeRow({ action: 'Lost too', update: ' ', outcome: null, outcomeCode: 'W', outcomeText: 'Wellness' }),
          makeRow({ action: 'Elsewhere', update: 'w', outcome: null, outcomeCode: 'W', outcomeText: 'Wellness' }),
        ],
      },
    ]);
    expect(master.outcomes.every((o) => o.rows.length === 0)).toBe(true);
    expect(master.unplacedRows).toBe(2);
  });

  it('orders a table by aim code in configuration order, unknown codes after, rows without one last', () => {
    const master = merge([
      {
        district: 'BDC',
        lastSync: null,
        rows: [
          makeRow({ action: 'No aim', aim: '', aimCode: null, update: 'a' }),
          makeRow({ action: 'Unknown Z', aim: 'S9', aimCode: 'SZ', update: 'b' }),
          makeRow({ action: 'Unknown 9', aim: 'S9', aimCode: 'S9', update: 'c' }),
          makeRow({ action: 'Five', aim: 'S5', aimCode: 'S5', update: 'd' }),
          makeRow({ action: 'Two', aim: 'S2', aimCode: 'S2', update: 'e' }),
        ],
      },
    ]);
    expect(master.outcomes[1]!.rows.map((r) => r.action)).toEqual(['Two', 'Five', 'Unknown 9', 'Unknown Z', 'No aim']);
  });

  it('takes districts in configuration order whatever order they come in, unknown codes after by code', () => {
    const rows = [makeRow({ action: 'Shared', update: 'Done.' })];
    const master = merge([
      { district: 'ZZB', lastSync: null, rows },
      { district: 'OWBC', lastSync: null, rows },
      { district: 'ZZA', lastSync: null, rows },
      { district: 'BDC', lastSync: null, rows },
    ]);
    expect(master.outcomes[1]!.rows[0]!.updates.map((u) => u.district)).toEqual(['BDC', 'OWBC', 'ZZA', 'ZZB']);
    expect(master.districts.map((d) => d.code)).toEqual(['BDC', 'CBC', 'HDC', 'HBBC', 'MBC', 'NWLDC', 'OWBC', 'ZZA', 'ZZB']);
    expect(master.districts.find((d) => d.code === 'ZZA')).toMatchObject({ name: 'ZZA', rows: 1 });
    expect(master.districts.find((d) => d.code === 'BDC')!.name).toBe('Blaby District Council');
  });

  it('reads a district sent twice as one return with the later sync time and both sets of rows', () => {
    const master = merge([
      { district: 'MBC', lastSync: '2008-03-02T10:00:00.000Z', rows: [makeRow({ action: 'One', update: 'a' })] },
      { district: 'MBC', lastSync: '2008-03-05T10:00:00.000Z', rows: [makeRow({ action: 'Two', update: 'b' })] },
      { district: 'MBC', lastSync: null, rows: [] },
      { district: 'HDC', lastSync: null, rows: [] },
      { district: 'HDC', lastSync: '2008-03-04T10:00:00.000Z', rows: [] },
      { district: 'HDC', lastSync: '2008-03-01T10:00:00.000Z', rows: [] },
    ]);
    expect(master.districts.find((d) => d.code === 'MBC')).toMatchObject({ rows: 2, lastSync: '2008-03-05T10:00:00.000Z', hasReturned: true });
    // A district that only synced (no rows yet) has returned; one never heard from has not.
    expect(master.districts.find((d) => d.code === 'HDC')).toMatchObject({ rows: 0, lastSync: '2008-03-04T10:00:00.000Z', hasReturned: true });
    expect(master.outcomes[1]!.rows.map((r) => r.action)).toEqual(['One', 'Two']);
  });

  it('uses the findings a return brings, joined when a district is sent twice, and counts its missing refs', () => {
    const finding = (rule: 'missing-laa-ref' | 'unknown-status', row: number) => ({
      rule,
      severity: 'warning' as const,
      sheet: 'Return',
      cell: `C${row}`,
      message: `finding at ${row}`,
    });
    const master = merge([
      { district: 'CBC', lastSync: null, rows: [], findings: [finding('missing-laa-ref', 5)] },
      { district: 'CBC', lastSync: null, rows: [], findings: [finding('missing-laa-ref', 6), finding('unknown-status', 7)] },
    ]);
    expect(master.findings.map((f) => [f.district, f.cell])).toEqual([
      ['CBC', 'C5'],
      ['CBC', 'C6'],
      ['CBC', 'C7'],
    ]);
    expect(master.districts.find((d) => d.code === 'CBC')).toMatchObject({ missingLaaRefs: 2, findings: 3 });
  });

  it('runs the rules over a return that brings no findings, once its second part has none either', () => {
    const master = merge([
      { district: 'CBC', lastSync: null, rows: [makeRow({ action: 'No ref', laaRefs: [], laaRefsText: '', update: 'x' })], findings: [] },
      { district: 'CBC', lastSync: null, rows: [makeRow({ action: 'Also none', laaRefs: [], laaRefsText: '', update: 'y', row: 6 })] },
    ]);
    expect(master.findings.filter((f) => f.rule === 'missing-laa-ref').map((f) => f.message)).toEqual([
      'Row 5 has an action but no LAA reference. Add the LAA indicator(s) this action contributes to.',
      'Row 6 has an action but no LAA reference. Add the LAA indicator(s) this action contributes to.',
    ]);
    expect(master.districts.find((d) => d.code === 'CBC')!.missingLaaRefs).toBe(2);
  });

  it('lists unknown refs once per spelling with every district that gave them', () => {
    const master = merge([
      { district: 'BDC', lastSync: null, rows: [makeRow({ action: 'Act', laaRefs: ['XX1', 'xx 1', ' '], update: 'a' })] },
      { district: 'CBC', lastSync: null, rows: [makeRow({ action: 'Act', laaRefs: ['XX1'], update: 'b' })] },
    ]);
    const row = master.outcomes[1]!.rows[0]!;
    expect(row.laaRefs).toEqual(['XX1']);
    expect(row.unknownRefs).toEqual([{ ref: 'XX1', suggestion: expect.any(String), districts: ['BDC', 'CBC'] }]);
  });

  it('names the outcome in the exceptions by the configuration, ordered by outcome within a status', () => {
    const master = merge([
      {
        district: 'BDC',
        lastSync: null,
        rows: [
          makeRow({ action: 'Late safe', update: ' y ', status: 'At risk', outcome: 'Stay safe', outcomeCode: 'S', outcomeText: 'STAY SAFE', aim: ' S1 ' }),
          makeRow({ action: 'Late healthy ', update: 'x', status: 'At risk', outcome: 'Be healthy', outcomeCode: 'H', outcomeText: 'healthy' }),
          makeRow({ action: 'Late elsewhere', update: 'w', status: 'At risk', outcome: null, outcomeCode: null, outcomeText: 'Wellness' }),
          makeRow({ action: 'Fine', update: 'v', status: 'On track' }),
        ],
      },
    ]);
    expect(master.exceptions).toEqual([
      // The board's wording of outcome and aim, the row's refs, and the district's tagged text.
      { district: 'BDC', status: 'At risk', outcome: 'Be healthy', aim: 'S1  Safe from maltreatment, neglect, violence and sexual exploitation', laaRefs: ['SC7'], action: 'Late healthy', update: 'x (BDC)' },
      { district: 'BDC', status: 'At risk', outcome: 'Stay Safe', aim: 'S1  Safe from maltreatment, neglect, violence and sexual exploitation', laaRefs: ['SC7'], action: 'Late safe', update: 'y (BDC)' },
      { district: 'BDC', status: 'At risk', outcome: 'Wellness', aim: 'S1  Safe from maltreatment, neglect, violence and sexual exploitation', laaRefs: ['SC7'], action: 'Late elsewhere', update: 'w (BDC)' },
    ]);
  });

  it('lists every updated row flat, by outcome in board order, with its status and refs as typed', () => {
    const master = merge([
      {
        district: 'BDC',
        lastSync: null,
        rows: [
          makeRow({ action: 'Lost', update: 'z', outcome: null, outcomeCode: null, outcomeText: 'Wellness', status: null }),
          makeRow({ action: 'Safe ', update: ' y ', laaRefs: ['sc 7'], status: 'On track' }),
          makeRow({ action: 'Healthy', update: 'x', outcome: 'Be healthy', outcomeCode: 'H', outcomeText: 'healthy', aim: ' H1 ' }),
          makeRow({ action: 'Silent', update: '' }),
        ],
      },
    ]);
    expect(master.updates).toEqual([
      { district: 'BDC', outcome: 'Be healthy', aim: 'H1', laaRefs: ['SC7'], action: 'Healthy', update: 'x', status: '' },
      { district: 'BDC', outcome: 'Stay safe', aim: 'S1', laaRefs: ['sc 7'], action: 'Safe', update: 'y', status: 'On track' },
      { district: 'BDC', outcome: 'Wellness', aim: 'S1', laaRefs: ['SC7'], action: 'Lost', update: 'z', status: '' },
    ]);
  });

  it('gives the period its configured label, or its id when it is not configured', () => {
    expect(merge([], '2008-03').period).toEqual({ id: '2008-03', label: '20 March 2008' });
    expect(merge([], '2031-01').period).toEqual({ id: '2031-01', label: '2031-01' });
    expect(merge([]).partnership).toBe(DEFAULT_CONFIG.partnership.name);
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
});
