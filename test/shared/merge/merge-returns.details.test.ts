/**
 * Details of the master the board would notice, each found by a mutant no earlier test caught:
 * the order of rows that tie, districts outside the configuration, an outcome code the
 * configuration does not have, refs spelt two ways, and the summary of districts that sent
 * nothing.
 */
import { DEFAULT_CONFIG, type GridRow } from '../../../shared';
import { mergeReturns, type DistrictReturn } from '../../../shared/merge';
import { makeGridRow } from '../../support/grid-row';

const NOW = new Date('2008-03-20T09:00:00Z');
const merge = (districts: DistrictReturn[]) => mergeReturns({ period: '2008-03', districts, now: NOW }, DEFAULT_CONFIG);

function makeRow(partial: Partial<GridRow>): GridRow {
  return makeGridRow({ action: 'Act', update: 'Done.', ...partial });
}

const names = ['One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten', 'Eleven', 'Twelve'];

describe('the master, in detail', () => {
  it('keeps rows of one aim, and rows with no aim, in the order they first appear', () => {
    const rows = names.flatMap((name) => [makeRow({ action: `${name} with aim` }), makeRow({ action: `${name} without`, aim: '', aimCode: null })]);
    const table = merge([{ district: 'BDC', lastSync: null, rows }]).outcomes[1]!.rows.map((r) => r.action);
    expect(table).toEqual([...names.map((n) => `${n} with aim`), ...names.map((n) => `${n} without`)]);
  });

  it('lists the exceptions and the updates of one outcome and status in the order they were typed', () => {
    const rows = names.map((name) => makeRow({ action: name, status: 'At risk' }));
    const master = merge([{ district: 'BDC', lastSync: null, rows }]);
    expect(master.exceptions.map((e) => e.action)).toEqual(names);
    expect(master.updates.map((u) => u.action)).toEqual(names);
  });

  it('orders districts outside the configuration by code, after the configured ones', () => {
    const rows = [makeRow({ action: 'Shared' })];
    const codes = ['ZZF', 'ZZB', 'ZZE', 'ZZA', 'ZZD', 'ZZC'];
    const master = merge(codes.map((district) => ({ district, lastSync: null, rows })));
    expect(master.outcomes[1]!.rows[0]!.updates.map((u) => u.district)).toEqual(['ZZA', 'ZZB', 'ZZC', 'ZZD', 'ZZE', 'ZZF']);
    // A district outside the configuration is tagged with its code and nothing else.
    expect(master.outcomes[1]!.rows[0]!.updates[0]!.text).toBe('Done (ZZA).');
    expect(merge([{ district: 'ZZA', lastSync: null, rows: [makeRow({ update: 'Agreed - Stryker was here' })] }]).outcomes[1]!.rows[0]!.updates[0]!.text).toBe(
      'Agreed - Stryker was here (ZZA)',
    );
  });

  it('names an exception of an outcome code the configuration lacks by what the officer typed', () => {
    const master = merge([{ district: 'BDC', lastSync: null, rows: [makeRow({ action: 'Late', status: 'At risk', outcome: null, outcomeCode: 'W', outcomeText: 'Wellness' })] }]);
    expect(master.exceptions).toEqual([expect.objectContaining({ outcome: 'Wellness', action: 'Late' })]);
  });

  it('names a master row’s outcome by the configuration, not as the first officer typed it', () => {
    const master = merge([{ district: 'BDC', lastSync: null, rows: [makeRow({ outcomeText: 'STAY SAFE!' })] }]);
    // As the partnership's board writes it (boardOutcomeLabels), whatever the officer typed.
    expect(master.outcomes[1]!.rows[0]!.outcome).toBe('Stay Safe');
  });

  it('spells an unknown ref as first typed, and lists no catalogue ref as unknown', () => {
    const master = merge([
      { district: 'BDC', lastSync: null, rows: [makeRow({ laaRefs: ['XX1', 'SC7'] })] },
      { district: 'CBC', lastSync: null, rows: [makeRow({ laaRefs: ['xx 1', 'CYP8'] })] },
    ]);
    const row = master.outcomes[1]!.rows[0]!;
    expect(row.laaRefs).toEqual(['XX1', 'SC7', 'CYP8']);
    expect(row.unknownRefs).toEqual([{ ref: 'XX1', suggestion: expect.any(String), districts: ['BDC', 'CBC'] }]);
  });

  it('counts updates by configured outcome only, and a district that sent nothing has no findings and has not returned', () => {
    const master = merge([
      { district: 'BDC', lastSync: null, rows: [makeRow({}), makeRow({ action: 'Lost', outcome: null, outcomeCode: null, outcomeText: 'Wellness' })] },
      { district: 'CBC', lastSync: null, rows: [] },
    ]);
    const bdc = master.districts.find((d) => d.code === 'BDC')!;
    expect(bdc.updatesByOutcome).toEqual({ H: 0, S: 1, A: 0, C: 0, E: 0 });
    expect(bdc.rowsWithUpdate).toBe(2);
    expect(master.districts.find((d) => d.code === 'CBC')).toMatchObject({ rows: 0, hasReturned: false, findings: 0, missingLaaRefs: 0, lastSync: null });
    expect(master.districts.find((d) => d.code === 'HDC')).toMatchObject({ rows: 0, hasReturned: false, findings: 0, missingLaaRefs: 0 });
  });

  it('checks the districts’ refs against the period being merged', () => {
    const rows = [makeRow({ laaRefs: ['NI 1'], laaRefsText: 'NI 1' })];
    const march = mergeReturns({ period: '2008-03', districts: [{ district: 'BDC', lastSync: null, rows }], now: NOW }, DEFAULT_CONFIG);
    expect(march.findings.map((f) => f.rule)).toEqual(['laa-ref-out-of-period']);
    const august = mergeReturns({ period: '2008-08', districts: [{ district: 'BDC', lastSync: null, rows }], now: NOW }, DEFAULT_CONFIG);
    expect(august.findings).toEqual([]);
  });
});
