/**
 * The findings an officer reads beside the cell, word for word: each rule fires when it should,
 * at the right cell, with every placeholder filled ("Row {row} has…" would be a bug an officer
 * sees), and not when it should not (no warning for a blank Aim, none for refs in the catalogue).
 */
import { DEFAULT_CONFIG, validateRows, type GridRow, type PartnershipConfig } from '../../../shared';
import { makeGridRow } from '../../support/grid-row';

/** A JAG-meetings row on sheet "Stay Safe", row 7, with its cells' addresses. */
function row(partial: Partial<GridRow> = {}): GridRow {
  return makeGridRow({
    sheet: 'Stay Safe',
    row: 7,
    action: 'Run JAG meetings',
    update: 'Monthly.',
    cells: { outcome: 'A7', aim: 'B7', laaRef: 'C7', action: 'D7', update: 'E7', status: 'F7' },
    ...partial,
  });
}

const check = (rows: GridRow[], options?: { period?: string }, config: PartnershipConfig = DEFAULT_CONFIG) => validateRows(rows, config, options);
const brief = (rows: GridRow[], options?: { period?: string }) => check(rows, options).map((f) => [f.rule, f.cell, f.message]);

describe('validateRows, as the officer reads the findings', () => {
  it('finds nothing in a complete row, nor in a row with a blank Aim', () => {
    expect(check([row()])).toEqual([]);
    expect(check([row({ aim: '', aimCode: null })])).toEqual([]);
    expect(check([row({ action: '', update: '', laaRefs: [], laaRefsText: '' })])).toEqual([]);
  });

  it('says which row has an action but no LAA ref, and what the cell says instead', () => {
    expect(brief([row({ laaRefs: [], laaRefsText: '' })])).toEqual([
      ['missing-laa-ref', 'C7', 'Row 7 has an action but no LAA reference. Add the LAA indicator(s) this action contributes to.'],
    ]);
    expect(brief([row({ laaRefs: [], laaRefsText: ' N/A ' })])[0]![2]).toBe(
      'Row 7 has an action but no LAA reference (the cell says "N/A"). Add the LAA indicator(s) this action contributes to.',
    );
    expect(brief([row({ laaRefs: [], laaRefsText: 'x'.repeat(50) })])[0]![2]).toContain(`(the cell says "${'x'.repeat(40)}")`);
  });

  it('names a ref outside the catalogue with the partnership and the nearest entry, one finding per ref', () => {
    expect(brief([row({ laaRefs: ['CYP9', 'SC7', 'QQQQQQQQ'], laaRefsText: 'CYP9, SC7, QQQQQQQQ' })])).toEqual([
      ['unknown-laa-ref', 'C7', `"CYP9" is not in the ${DEFAULT_CONFIG.partnership.name} LAA catalogue. Did you mean CYP1?`],
      ['unknown-laa-ref', 'C7', `"QQQQQQQQ" is not in the ${DEFAULT_CONFIG.partnership.name} LAA catalogue.`],
    ]);
  });

  it('offers every entry a bare number may mean, and asks for a range to be written ref by ref', () => {
    const [bare] = check([row({ laaRefs: ['8'], laaRefsText: '8' })]);
    expect(bare!.message).toMatch(/ Did you mean (.+, )*.+ or .+\?$/);
    expect(bare!.message).toContain('CYP8');
    expect(bare!.message).toContain('NI 8');
    const [range] = check([row({ laaRefs: ['CYP 1-3'], laaRefsText: 'CYP 1-3' })]);
    expect(range!.message).toBe(`"CYP 1-3" is not in the ${DEFAULT_CONFIG.partnership.name} LAA catalogue. Write each ref of the range on its own: CYP1, CYP2, CYP3.`);
  });

  it('flags a National Indicator used before the period it starts in, naming the period and the span', () => {
    expect(brief([row({ laaRefs: ['NI 1'], laaRefsText: 'NI 1' })], { period: '2008-03' })).toEqual([
      ['laa-ref-out-of-period', 'C7', expect.stringContaining('NI 1')],
    ]);
    const [finding] = check([row({ laaRefs: ['NI 1'], laaRefsText: 'NI 1' })], { period: '2008-03' });
    expect(finding!.message).toContain('20 March 2008 (2008-03)');
    expect(finding!.message).toContain('from April 2008');
    expect(check([row({ laaRefs: ['NI 1'], laaRefsText: 'NI 1' })], { period: '2008-04' })).toEqual([]);
    expect(check([row({ laaRefs: ['NI 1'], laaRefsText: 'NI 1' })])).toEqual([]);
  });

  it('names a period outside the configuration by its month, and a ref retired before it by its end', () => {
    const config: PartnershipConfig = {
      ...DEFAULT_CONFIG,
      laaRefs: [
        { code: 'OLD1', until: '2008-03' },
        { code: 'MID1', from: '2008-01', until: '2008-06' },
      ] as PartnershipConfig['laaRefs'],
    };
    const messages = check([row({ laaRefs: ['OLD1', 'MID1'], laaRefsText: 'OLD1 MID1' })], { period: '2009-01' }, config).map((f) => f.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('January 2009 (2009-01)');
    expect(messages[0]).toContain('until March 2008');
    expect(messages[1]).toContain('from January 2008 until June 2008');
    expect(check([row({ laaRefs: ['OLD1'], laaRefsText: 'OLD1' })], { period: '2008-03' }, config)).toEqual([]);
    expect(check([row({ laaRefs: ['MID1'], laaRefsText: 'MID1' })], { period: 'spring' }, config)[0]!.message).toContain('spring');
  });

  it('asks for an outcome by row number when there is none, and lists the outcomes for one it does not know', () => {
    expect(brief([row({ outcome: null, outcomeCode: null, outcomeText: '' })])).toEqual([
      ['missing-outcome', 'A7', 'Row 7 has an action but no outcome, and none above it to carry down. Fill in the Outcome.'],
    ]);
    expect(brief([row({ outcome: null, outcomeCode: null, outcomeText: 'Wellness' })])).toEqual([
      ['unknown-outcome', 'A7', `"Wellness" is not an Every Child Matters outcome. Use one of: ${DEFAULT_CONFIG.outcomes.map((o) => o.name).join(', ')}.`],
    ]);
  });

  it('names an aim that is not one of the outcome’s, and an aim of another outcome', () => {
    expect(brief([row({ aim: 'S9 Something', aimCode: 'S9' })])).toEqual([['unknown-aim', 'B7', '"S9" is not an aim of Stay safe. Use an aim code such as S1.']]);
    expect(brief([row({ aim: 'Feel safe at home', aimCode: null })])).toEqual([['unknown-aim', 'B7', '"Feel safe at home" is not an aim of Stay safe. Use an aim code such as S1.']]);
    expect(brief([row({ aim: 'Z1', aimCode: 'Z1', outcome: null, outcomeCode: null, outcomeText: 'Wellness' })])[1]).toEqual([
      'unknown-aim',
      'B7',
      '"Z1" is not an aim of any outcome. Use an aim code such as S1.',
    ]);
    expect(brief([row({ aim: 'H2', aimCode: 'H2' })])).toEqual([
      ['aim-outside-outcome', 'B7', 'Aim H2 belongs to "Be healthy", but this row is under "Stay safe". Check the Outcome or the Aim.'],
    ]);
  });

  it('points an update without an action at the update, with the row number', () => {
    expect(brief([row({ action: '', laaRefs: [], laaRefsText: '' })])).toEqual([
      ['update-without-action', 'E7', 'Row 7 has a District Update but no action. Put the update against the action it reports on.'],
    ]);
  });

  it('flags the second row of an action typed twice under one outcome, naming the first row', () => {
    const findings = brief([row(), row({ row: 9, action: 'run JAG meetings.', cells: { action: 'D9' } }), row({ row: 11, outcome: 'Be healthy', outcomeCode: 'H', outcomeText: 'Be healthy', aim: '', aimCode: null })]);
    expect(findings).toEqual([['duplicate-action', 'D9', 'This action is already in row 7 under "Stay safe". Keep one row and put both updates in it.']]);
    // Rows of an unknown outcome are compared under the outcome as typed.
    const unknown = check([row({ outcome: null, outcomeCode: null, outcomeText: 'Wellness' }), row({ row: 8, outcome: null, outcomeCode: null, outcomeText: 'wellness' })]);
    expect(unknown.filter((f) => f.rule === 'duplicate-action').map((f) => f.message)).toEqual([
      'This action is already in row 7 under "wellness". Keep one row and put both updates in it.',
    ]);
  });

  it('gives the length and the limit of a cell too long, at that cell', () => {
    const long = 'x'.repeat(32001);
    const findings = brief([row({ outcomeText: long, aim: long, laaRefsText: long, action: long, update: long })]).filter(([rule]) => rule === 'text-too-long');
    expect(findings).toEqual(
      ['A7', 'B7', 'C7', 'D7', 'E7'].map((cell) => ['text-too-long', cell, 'This cell holds 32001 characters; the limit is 32000. Shorten it or move some of it to another action.']),
    );
    expect(check([row({ update: 'x'.repeat(32000) })])).toEqual([]);
  });

  it('says a Status it cannot read is not a status', () => {
    expect(brief([row({ statusText: 'Blue', status: null })])).toEqual([['unknown-status', 'F7', '"Blue" is not a status. Use On track, At risk or Exceptional.']]);
    expect(check([row({ statusText: 'green', status: 'On track' })])).toEqual([]);
  });

  it('puts a finding on the Actions cell when its own column is missing, and carries the row id', () => {
    const findings = check([row({ id: 'row-1', laaRefs: [], laaRefsText: '', cells: { action: 'D7', update: 'E7' } })]);
    expect(findings).toEqual([expect.objectContaining({ rule: 'missing-laa-ref', sheet: 'Stay Safe', cell: 'D7', rowId: 'row-1' })]);
    expect(check([row({ action: '', laaRefs: [], cells: { update: 'E7' } }), row({ aim: 'S9', aimCode: 'S9', cells: {} })]).map((f) => f.cell)).toEqual(['E7', '']);
  });

  it('names each month of a period outside the configuration in words', () => {
    const config: PartnershipConfig = { ...DEFAULT_CONFIG, laaRefs: [{ code: 'OLD1', until: '2008-03' }] as PartnershipConfig['laaRefs'] };
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    months.forEach((month, i) => {
      const period = `2009-${String(i + 1).padStart(2, '0')}`;
      const [finding] = check([row({ laaRefs: ['OLD1'], laaRefsText: 'OLD1' })], { period }, config);
      expect(finding!.message).toContain(`${month} 2009 (${period})`);
    });
  });

  it('does not call an Outcome, Aim or LAA Ref cell of exactly the limit too long', () => {
    const atLimit = 'x'.repeat(32000);
    const tooLong = (r: GridRow) => check([r]).filter((f) => f.rule === 'text-too-long').map((f) => f.cell);
    expect(tooLong(row({ outcomeText: atLimit }))).toEqual([]);
    expect(tooLong(row({ aim: atLimit, aimCode: 'S1' }))).toEqual([]);
    expect(tooLong(row({ laaRefsText: atLimit }))).toEqual([]);
    expect(tooLong(row({ outcomeText: `${atLimit}x`, aim: `${atLimit}x`, aimCode: 'S1', laaRefsText: `${atLimit}x` }))).toEqual(['A7', 'B7', 'C7']);
  });

  it('quotes at most 80 characters of an aim it cannot read', () => {
    const [finding] = check([row({ aim: `${'y'.repeat(80)}z and more`, aimCode: null })]);
    expect(finding!.message).toBe(`"${'y'.repeat(80)}" is not an aim of Stay safe. Use an aim code such as S1.`);
  });

  it('does not call the same action under two different unknown outcomes a duplicate', () => {
    const rows = [row({ outcome: null, outcomeCode: null, outcomeText: 'Wellness' }), row({ row: 8, outcome: null, outcomeCode: null, outcomeText: 'Safety' })];
    expect(check(rows).map((f) => f.rule)).toEqual(['unknown-outcome', 'unknown-outcome']);
  });

  it('lists three or more nearest refs as "A, B or C"', () => {
    const config: PartnershipConfig = { ...DEFAULT_CONFIG, laaRefs: [{ code: 'CYP8' }, { code: 'NI 8' }, { code: 'SC8' }] as PartnershipConfig['laaRefs'] };
    const [finding] = check([row({ laaRefs: ['8'], laaRefsText: '8' })], {}, config);
    expect(finding!.message).toBe(`"8" is not in the ${DEFAULT_CONFIG.partnership.name} LAA catalogue. Did you mean CYP8, NI 8 or SC8?`);
  });

  it('reads a range with spaces around the dash and a prefix on both ends as a range', () => {
    const [finding] = check([row({ laaRefs: ['CYP 1 - CYP 3'], laaRefsText: 'CYP 1 - CYP 3' })]);
    expect(finding!.message).toBe(`"CYP 1 - CYP 3" is not in the ${DEFAULT_CONFIG.partnership.name} LAA catalogue. Write each ref of the range on its own: CYP1, CYP2, CYP3.`);
  });

  it('leaves no placeholder unfilled in any finding', () => {
    const rows = [
      row({ laaRefs: [], laaRefsText: 'n/a' }),
      row({ row: 8, laaRefs: ['CYP9', 'NI 1'], statusText: 'Blue', aim: 'H2', aimCode: 'H2' }),
      row({ row: 9, outcome: null, outcomeCode: null, outcomeText: 'Wellness', aim: 'Q', aimCode: null }),
      row({ row: 10, outcome: null, outcomeCode: null, outcomeText: '' }),
      row({ row: 11, action: '' }),
      row({ row: 12, action: 'Run JAG meetings', update: 'x'.repeat(32001) }),
    ];
    const findings = check(rows, { period: '2008-03' });
    expect(new Set(findings.map((f) => f.rule)).size).toBeGreaterThanOrEqual(10);
    for (const finding of findings) expect(finding.message).not.toMatch(/\{\w+\}/);
  });
});
