/**
 * An update repeated from the previous period (seed 001 §3.4: the board's report sets out only
 * "the actions over and above what was already being achieved"): which period is the previous
 * one, which updates the board is told are unchanged, the coordinator's update-unchanged
 * findings, and the list of unchanged updates. Also the exceptions' and tables' wording where an
 * officer typed an aim of their own, and the summary's count per outcome.
 */
import { DEFAULT_CONFIG, type GridRow } from '../../../shared';
import { getPreviousPeriod, mergeReturns, type DistrictReturn, type MasterModel } from '../../../shared/merge';
import { makeGridRow } from '../../support/grid-row';

const NOW = new Date('2008-03-20T09:00:00Z');
const OCTOBER = '10 October 2007';

function makeRow(partial: Partial<GridRow>): GridRow {
  return makeGridRow({ action: 'Youth shelter', update: 'Shelter built.', ...partial });
}

const one = (district: string, rows: GridRow[]): DistrictReturn => ({ district, lastSync: null, rows });

/** This period's returns merged against the previous period's (2007-10 unless said). */
function mergeWithPrevious(current: DistrictReturn[], previous: DistrictReturn[], previousPeriod = '2007-10'): MasterModel {
  return mergeReturns({ period: '2008-03', districts: current, now: NOW, previous: { period: previousPeriod, districts: previous } }, DEFAULT_CONFIG);
}

const unchangedFindings = (master: MasterModel) => master.findings.filter((f) => f.rule === 'update-unchanged');
const sinceOf = (master: MasterModel) =>
  master.outcomes.flatMap((o) => o.rows.flatMap((r) => r.updates.map((u) => ({ action: r.action, district: u.district, since: u.unchangedSince }))));

describe('getPreviousPeriod', () => {
  it('gives the configuration’s period before this one', () => {
    expect(getPreviousPeriod(DEFAULT_CONFIG, '2008-03')).toBe('2007-10');
    expect(getPreviousPeriod(DEFAULT_CONFIG, '2008-08')).toBe('2008-03');
  });

  it('gives none for the first period or a period the configuration does not have', () => {
    expect(getPreviousPeriod(DEFAULT_CONFIG, '2007-10')).toBeNull();
    expect(getPreviousPeriod(DEFAULT_CONFIG, '2009-01')).toBeNull();
  });
});

describe('an update repeated from the previous period', () => {
  it.each([
    ['word for word', 'Shelter built.'],
    ['in another case, spacing and punctuation', '  SHELTER   built!! '],
    ['with a dash for a space', 'shelter-built'],
  ])('is marked unchanged since that period when repeated %s, with a finding naming it', (_how, update) => {
    const master = mergeWithPrevious(
      [one('BDC', [makeRow({ update, id: 'r-7', row: 9, cells: { update: 'F9' } })])],
      [one('BDC', [makeRow({ update: 'Shelter built.' })])],
    );
    expect(master.previousPeriod).toEqual({ id: '2007-10', label: OCTOBER });
    expect(master.outcomes[1]!.rows[0]!.updates).toEqual([{ district: 'BDC', text: expect.stringContaining('(BDC)'), unchangedSince: OCTOBER }]);
    expect(unchangedFindings(master)).toEqual([
      {
        district: 'BDC',
        rule: 'update-unchanged',
        severity: 'warning',
        sheet: 'Return',
        cell: 'F9',
        rowId: 'r-7',
        message: `This update is the same as BDC's update on this action for ${OCTOBER}, so it is left out of the board's copy. Say what is new this period.`,
      },
    ]);
  });

  it('puts the finding on the row’s first cell when the update cell is not known', () => {
    const master = mergeWithPrevious([one('BDC', [makeRow({ row: 12 })])], [one('BDC', [makeRow({})])]);
    expect(unchangedFindings(master)).toEqual([expect.objectContaining({ cell: 'A12', sheet: 'Return' })]);
    // The coordinator's list holds that finding and nothing else for the row.
    expect(master.findings).toEqual(unchangedFindings(master));
    expect(master.districts.find((d) => d.code === 'BDC')!.findings).toBe(1);
    expect(unchangedFindings(master)[0]).not.toHaveProperty('rowId');
  });

  it('is not unchanged when the update changed, even nearly', () => {
    const master = mergeWithPrevious(
      [one('BDC', [makeRow({ update: 'Shelter built and opened.' })]), one('CBC', [makeRow({ update: 'Shelter built' })])],
      [one('BDC', [makeRow({})]), one('CBC', [makeRow({ update: 'Shelters built.' })])],
    );
    expect(sinceOf(master)).toEqual([
      { action: 'Youth shelter', district: 'BDC', since: null },
      { action: 'Youth shelter', district: 'CBC', since: null },
    ]);
    expect(unchangedFindings(master)).toEqual([]);
    expect(master.unchanged).toEqual([]);
  });

  it('is not unchanged when another district sent that text last period', () => {
    const master = mergeWithPrevious([one('CBC', [makeRow({})])], [one('BDC', [makeRow({})])]);
    expect(sinceOf(master)).toEqual([{ action: 'Youth shelter', district: 'CBC', since: null }]);
    expect(unchangedFindings(master)).toEqual([]);
  });

  it('is not unchanged when the same text was on another action or another outcome', () => {
    const master = mergeWithPrevious(
      [one('BDC', [makeRow({})])],
      [one('BDC', [makeRow({ action: 'Skate park' }), makeRow({ outcomeCode: 'H', outcome: 'Be healthy', aim: 'H1', aimCode: 'H1' })])],
    );
    expect(sinceOf(master)).toEqual([{ action: 'Youth shelter', district: 'BDC', since: null }]);
    expect(unchangedFindings(master)).toEqual([]);
  });

  it('matches the previous action whatever its case, spacing and punctuation', () => {
    const master = mergeWithPrevious([one('BDC', [makeRow({})])], [one('BDC', [makeRow({ action: 'YOUTH  shelter.' })])]);
    expect(sinceOf(master)).toEqual([{ action: 'Youth shelter', district: 'BDC', since: OCTOBER }]);
  });

  it('finds any of the district’s previous updates on the action, not only its last', () => {
    const master = mergeWithPrevious(
      [one('BDC', [makeRow({ update: 'Site found.' })])],
      [one('BDC', [makeRow({ update: 'Site found.' }), makeRow({ update: 'Plans drawn.' })])],
    );
    expect(sinceOf(master)).toEqual([{ action: 'Youth shelter', district: 'BDC', since: OCTOBER }]);
  });

  it('does not read a blank previous update, or a previous row with no action, as repeated', () => {
    // Punctuation alone is not blank to the officer, but its comparison key is empty, as a blank's would be.
    const master = mergeWithPrevious(
      [one('BDC', [makeRow({ update: '—' })]), one('CBC', [makeRow({ action: '...' })])],
      [one('BDC', [makeRow({ update: '   ' })]), one('CBC', [makeRow({ action: '   ' })])],
    );
    expect(sinceOf(master).map((u) => u.since)).toEqual([null, null]);
    expect(unchangedFindings(master)).toEqual([]);
  });

  it('gives no finding for a row this period with no update, whatever last period held', () => {
    const master = mergeWithPrevious([one('BDC', [makeRow({ update: '  ' })])], [one('BDC', [makeRow({ update: '...' })])]);
    expect(unchangedFindings(master)).toEqual([]);
    expect(master.unchanged).toEqual([]);
  });

  it('gives each repeated row of a district its own finding', () => {
    const master = mergeWithPrevious(
      [one('BDC', [makeRow({ row: 5 }), makeRow({ row: 6, action: 'Skate park', update: 'Ramps ordered.' })])],
      [one('BDC', [makeRow({}), makeRow({ action: 'Skate park', update: 'Ramps ordered.' })])],
    );
    expect(unchangedFindings(master).map((f) => f.cell)).toEqual(['A5', 'A6']);
    expect(master.findings.map((f) => f.cell)).toEqual(['A5', 'A6']);
  });

  it('marks a district’s several rows on one action unchanged only when all of them are', () => {
    const previous = [one('BDC', [makeRow({ update: 'Site found.' }), makeRow({ update: 'Plans drawn.' })])];
    const all = mergeWithPrevious([one('BDC', [makeRow({ update: 'Plans drawn.' }), makeRow({ update: 'Site found.' })])], previous);
    expect(sinceOf(all)).toEqual([{ action: 'Youth shelter', district: 'BDC', since: OCTOBER }]);
    const some = mergeWithPrevious([one('BDC', [makeRow({ update: 'Plans drawn.' }), makeRow({ update: 'Builders booked.' })])], previous);
    expect(sinceOf(some)).toEqual([{ action: 'Youth shelter', district: 'BDC', since: null }]);
    // A blank row of the district on the action neither makes nor unmakes it.
    const blank = mergeWithPrevious([one('BDC', [makeRow({ update: 'Plans drawn.' }), makeRow({ update: '' })])], previous);
    expect(sinceOf(blank)).toEqual([{ action: 'Youth shelter', district: 'BDC', since: OCTOBER }]);
  });

  it('names a previous period the configuration lacks by its id', () => {
    const master = mergeWithPrevious([one('BDC', [makeRow({})])], [one('BDC', [makeRow({})])], '2006-12');
    expect(master.previousPeriod).toEqual({ id: '2006-12', label: '2006-12' });
    expect(sinceOf(master)).toEqual([{ action: 'Youth shelter', district: 'BDC', since: '2006-12' }]);
  });

  it('compares with nothing when no previous period is given', () => {
    const master = mergeReturns({ period: '2008-03', districts: [one('BDC', [makeRow({})])], now: NOW }, DEFAULT_CONFIG);
    expect(master.previousPeriod).toBeNull();
    expect(sinceOf(master)).toEqual([{ action: 'Youth shelter', district: 'BDC', since: null }]);
    expect(master.unchanged).toEqual([]);
  });

  it('leaves a row of an outcome the configuration lacks unplaced, with no finding', () => {
    const row = makeRow({ outcomeCode: 'W', outcome: null, outcomeText: 'Wellness' });
    const master = mergeWithPrevious([one('BDC', [row])], [one('BDC', [row])]);
    expect(master.unplacedRows).toBe(1);
    expect(unchangedFindings(master)).toEqual([]);
  });
});

describe('the unchanged list', () => {
  it('lists each unchanged update with its district, outcome label, action, tagged update and period, by district', () => {
    const health = { outcomeCode: 'H', outcome: 'Be healthy', outcomeText: 'Be healthy', aim: 'H1', aimCode: 'H1' };
    const current = [
      one('ZZA', [makeRow({ ...health, action: 'Fruit', update: 'Apples.' })]),
      one('HDC', [makeRow({ ...health, action: 'Walks', update: 'Weekly.' })]),
      one('CBC', [makeRow({ update: 'Lit.' }), makeRow({ action: 'Patrols', update: 'Nightly.' })]),
      one('BDC', [makeRow({ action: 'Library', aim: 'A1', aimCode: 'A1', outcomeCode: 'A', update: 'Open late.' }), makeRow({ action: 'Changed', update: 'New this time.' })]),
    ];
    const previous = [
      one('ZZA', [makeRow({ ...health, action: 'Fruit', update: 'Apples.' })]),
      one('HDC', [makeRow({ ...health, action: 'Walks', update: 'Weekly.' })]),
      one('CBC', [makeRow({ update: 'Lit.' }), makeRow({ action: 'Patrols', update: 'Nightly.' })]),
      one('BDC', [makeRow({ action: 'Library', aim: 'A1', aimCode: 'A1', outcomeCode: 'A', update: 'Open late.' }), makeRow({ action: 'Changed', update: 'Old.' })]),
    ];
    const master = mergeWithPrevious(current, previous);
    expect(master.unchanged).toEqual([
      { district: 'BDC', outcome: 'Enjoy and Achieve', action: 'Library', update: 'Open late (BDC).', previousPeriod: OCTOBER },
      { district: 'CBC', outcome: 'Stay Safe', action: 'Youth shelter', update: 'Lit (CBC).', previousPeriod: OCTOBER },
      { district: 'CBC', outcome: 'Stay Safe', action: 'Patrols', update: 'Nightly (CBC).', previousPeriod: OCTOBER },
      { district: 'HDC', outcome: 'Be healthy', action: 'Walks', update: 'Weekly (HDC).', previousPeriod: OCTOBER },
      { district: 'ZZA', outcome: 'Be healthy', action: 'Fruit', update: 'Apples (ZZA).', previousPeriod: OCTOBER },
    ]);
  });
});

describe('wording the board reads', () => {
  it('writes an aim the officer typed, trimmed, where no row of the action has an aim code', () => {
    const master = mergeReturns(
      {
        period: '2008-03',
        districts: [one('BDC', [makeRow({ aim: '   ', aimCode: null })]), one('CBC', [makeRow({ aim: '  Local aim  ', aimCode: null })])],
        now: NOW,
      },
      DEFAULT_CONFIG,
    );
    expect(master.outcomes[1]!.rows[0]!.aim).toBe('Local aim');
  });

  it('gives each exception its refs, the board’s aim wording or the typed aim, and the tagged update', () => {
    const master = mergeReturns(
      {
        period: '2008-03',
        districts: [
          one('BDC', [
            makeRow({ status: 'At risk', laaRefs: ['SC7', 'NI 19'], update: '  Funding late.  ' }),
            makeRow({ status: 'Exceptional', action: 'Own aim', aim: '  Local aim ', aimCode: null, update: '   ' }),
          ]),
        ],
        now: NOW,
      },
      DEFAULT_CONFIG,
    );
    expect(master.exceptions).toEqual([
      {
        district: 'BDC',
        status: 'At risk',
        outcome: 'Stay Safe',
        aim: 'S1  Safe from maltreatment, neglect, violence and sexual exploitation',
        laaRefs: ['SC7', 'NI 19'],
        action: 'Youth shelter',
        update: 'Funding late (BDC).',
      },
      { district: 'BDC', status: 'Exceptional', outcome: 'Stay Safe', aim: 'Local aim', laaRefs: ['SC7'], action: 'Own aim', update: '' },
    ]);
  });

  it('counts updates per configured outcome only, whatever outcome code a row carries', () => {
    const master = mergeReturns(
      {
        period: '2008-03',
        districts: [one('BDC', [makeRow({}), makeRow({ outcomeCode: 'W', outcome: null }), makeRow({ outcomeCode: null, outcome: null })])],
        now: NOW,
      },
      DEFAULT_CONFIG,
    );
    const bdc = master.districts.find((d) => d.code === 'BDC')!;
    expect(bdc.updatesByOutcome).toEqual({ H: 0, S: 1, A: 0, C: 0, E: 0 });
    expect(bdc.rowsWithUpdate).toBe(3);
  });
});
