/**
 * The coordinator's page per district, built from the stored rows: who has returned, when they
 * last synced, their findings and the actions missing an LAA ref (with the cell to fix).
 */
import { DEFAULT_CONFIG, gridRowFromPayload, type RowPayload, type StoredRow } from '../../../shared';
import { MAX_STATUS_FINDINGS, MasterStatus, buildMasterStatus, districtReturnsFromStored } from '../../../shared/merge';

const NOW = new Date('2008-03-20T09:00:00Z');

function stored(district: string, id: string, row: Partial<RowPayload> & Pick<RowPayload, 'action'>, deleted = false): StoredRow {
  return {
    id,
    district,
    period: '2008-03',
    version: 1,
    deleted,
    updatedAt: '2008-03-01T00:00:00.000Z',
    row: { outcome: 'Stay safe', aim: 'S1', laaRefs: [], update: '', status: null, sheet: 'Return', rowNumber: 5, ...row },
  };
}

function status(rows: StoredRow[], activity: { district: string; lastSync: string | null }[] = []) {
  const districts = districtReturnsFromStored(rows, activity, DEFAULT_CONFIG);
  return MasterStatus.parse(buildMasterStatus({ period: '2008-03', districts, now: NOW }, DEFAULT_CONFIG));
}

describe('districtReturnsFromStored', () => {
  it('gives each district its live rows as grid rows, and districts that only synced no rows', () => {
    const returns = districtReturnsFromStored(
      [stored('HBBC', 'a', { action: 'Kept', laaRefs: ['sc 7'] }), stored('HBBC', 'b', { action: 'Gone' }, true), stored('MBC', 'c', { action: 'Theirs' })],
      [
        { district: 'CBC', lastSync: '2008-03-03T00:00:00.000Z' },
        { district: 'HBBC', lastSync: '2008-03-04T00:00:00.000Z' },
      ],
      DEFAULT_CONFIG,
    );
    expect(returns.map((r) => [r.district, r.lastSync, r.rows.map((row) => [row.id, row.action, row.laaRefs])])).toEqual([
      ['CBC', '2008-03-03T00:00:00.000Z', []],
      ['HBBC', '2008-03-04T00:00:00.000Z', [['a', 'Kept', ['SC7']]]],
      ['MBC', null, [['c', 'Theirs', []]]],
    ]);
  });
});

describe('buildMasterStatus', () => {
  it('lists each district’s actions missing an LAA ref with the cell to fix, and counts the actions with an update', () => {
    const page = status(
      [
        stored('HBBC', 'a', { action: ' No ref ', update: ' Done. ', rowNumber: 7 }),
        stored('HBBC', 'b', { action: 'With ref', laaRefs: ['SC7'], update: 'Done.' }),
        stored('HBBC', 'c', { action: 'No update either', rowNumber: 9 }),
        stored('MBC', 'd', { action: 'With ref', laaRefs: ['SC7'], update: 'Also done.' }),
      ],
      [{ district: 'HBBC', lastSync: '2008-03-04T00:00:00.000Z' }],
    );
    expect(page).toMatchObject({ partnership: DEFAULT_CONFIG.partnership.name, period: { id: '2008-03', label: '20 March 2008' }, madeAt: '2008-03-20T09:00:00.000Z' });
    // Two master rows: "No ref" (HBBC) and "With ref" (HBBC and MBC together).
    expect(page.actions).toBe(2);
    const hbbc = page.districts.find((d) => d.code === 'HBBC')!;
    expect(hbbc).toMatchObject({ name: 'Hinckley and Bosworth Borough Council', rows: 3, rowsWithUpdate: 2, lastSync: '2008-03-04T00:00:00.000Z', hasReturned: true, missingLaaRefs: 2 });
    expect(hbbc.missingRefActions).toEqual([
      { outcome: 'Stay safe', action: 'No ref', update: 'Done.', cell: 'C7' },
      { outcome: 'Stay safe', action: 'No update either', update: '', cell: 'C9' },
    ]);
    expect(hbbc.findingCount).toBe(hbbc.findings.length);
    expect(hbbc.findings.filter((f) => f.rule === 'missing-laa-ref').map((f) => f.cell)).toEqual(['C7', 'C9']);
    const mbc = page.districts.find((d) => d.code === 'MBC')!;
    expect(mbc).toMatchObject({ rows: 1, missingLaaRefs: 0, missingRefActions: [], hasReturned: true, lastSync: null });
    expect(page.districts.find((d) => d.code === 'BDC')).toMatchObject({ rows: 0, hasReturned: false, findings: [], missingRefActions: [] });
  });

  it('shows at most MAX_STATUS_FINDINGS findings per district but counts them all', () => {
    const rows = Array.from({ length: MAX_STATUS_FINDINGS + 5 }, (_, i) => stored('CBC', `r${i}`, { action: `Action ${i}`, update: 'x', rowNumber: i + 2 }));
    const cbc = status(rows).districts.find((d) => d.code === 'CBC')!;
    expect(cbc.findings).toHaveLength(MAX_STATUS_FINDINGS);
    expect(cbc.findingCount).toBe(MAX_STATUS_FINDINGS + 5);
    expect(cbc.missingRefActions).toHaveLength(MAX_STATUS_FINDINGS + 5);
    expect(cbc.findings[0]!.cell).toBe('C2');
  });

  it('does not list a row with no action as missing a ref, and gives no cell for a row synced without its position', () => {
    const blank = { ...gridRowFromPayload(stored('BDC', 'a', { action: 'x' }).row, 'a', DEFAULT_CONFIG), action: '   ' };
    const unplaced = gridRowFromPayload({ ...stored('BDC', 'b', { action: 'No position' }).row, sheet: undefined, rowNumber: undefined }, 'b', DEFAULT_CONFIG);
    const page = buildMasterStatus({ period: '2008-03', districts: [{ district: 'BDC', lastSync: null, rows: [blank, unplaced] }], now: NOW }, DEFAULT_CONFIG);
    expect(page.districts.find((d) => d.code === 'BDC')!.missingRefActions).toEqual([{ outcome: 'Stay safe', action: 'No position', update: '', cell: '' }]);
  });
});
