import { DEFAULT_CONFIG, MAX_CELL_TEXT, RULES, checkReturn, gridRowFromPayload, validateRows, type Finding } from '../../../shared';

const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Status'];
const findingsOf = (...rows: unknown[][]): Finding[] => checkReturn([{ name: 'Return', values: [HEADER, ...rows] }], DEFAULT_CONFIG).findings;
const only = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule);

describe('validation rules', () => {
  it('a clean row has no findings', () => {
    expect(findingsOf(['Stay Safe', 'S2', 'SC7', 'Run diversionary activities', 'Done (HBBC).', 'On track'])).toEqual([]);
  });

  it('missing-laa-ref marks the LAA Ref cell of an action without one', () => {
    const [finding] = only(findingsOf(['Stay Safe', 'S1', '', 'Child protection policy', 'Adopted']), 'missing-laa-ref');
    expect(finding).toMatchObject({ severity: 'error', sheet: 'Return', cell: 'C2' });
    expect(finding?.message).toMatch(/no LAA reference/);
  });

  it('unknown-laa-ref names the typed ref and suggests the nearest catalogue entry', () => {
    const [finding] = only(findingsOf(['Stay Safe', 'S4', 'SC3.1, SC3.2', 'ASB approach', '']), 'unknown-laa-ref');
    expect(finding).toMatchObject({ cell: 'C2', severity: 'warning' });
    expect(finding?.message).toBe('"SC3.2" is not in the Leicestershire LAA catalogue. Did you mean SC3.1?');
  });

  it('unknown-outcome and missing-outcome', () => {
    expect(only(findingsOf(['Be wealthy', '', 'CYP1', 'An action', '']), 'unknown-outcome')[0]).toMatchObject({ cell: 'A2' });
    expect(only(findingsOf(['', '', 'CYP1', 'An action', '']), 'missing-outcome')[0]).toMatchObject({ cell: 'A2' });
  });

  it('aim-outside-outcome when the aim code belongs to another outcome; unknown-aim for a code no outcome has', () => {
    const outside = only(findingsOf(['Be healthy', 'S1', 'CYP1', 'An action', '']), 'aim-outside-outcome');
    expect(outside[0]?.message).toMatch(/Aim S1 belongs to "Stay safe", but this row is under "Be healthy"/);
    expect(only(findingsOf(['Stay safe', 'S9 Something', 'CYP1', 'An action', '']), 'unknown-aim')[0]).toMatchObject({ cell: 'B2' });
  });

  it('update-without-action points at the update', () => {
    expect(only(findingsOf(['Stay Safe', 'S1', 'SC7', '', 'An orphan update']), 'update-without-action')[0]).toMatchObject({ cell: 'E2', severity: 'error' });
  });

  it('duplicate-action flags the second of two rows with the same outcome and action, ignoring case and punctuation', () => {
    const findings = only(
      findingsOf(['Stay Safe', 'S2', 'SC7', 'Provide diversionary activities.', 'a'], ['Stay Safe', 'S2', 'SC7', 'provide  diversionary activities', 'b'], ['Be healthy', 'H1', 'CYP1', 'Provide diversionary activities', 'c']),
      'duplicate-action',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ cell: 'D3' });
    expect(findings[0]?.message).toMatch(/already in row 2/);
  });

  it('text-too-long for a cell over the limit', () => {
    const [finding] = only(findingsOf(['Stay Safe', 'S2', 'SC7', 'An action', 'x'.repeat(MAX_CELL_TEXT + 1)]), 'text-too-long');
    expect(finding).toMatchObject({ cell: 'E2', severity: 'error' });
    expect(finding?.message).toMatch(/32001 characters; the limit is 32000/);
  });

  it('unknown-status for a Status that is not one of the three words', () => {
    expect(only(findingsOf(['Stay Safe', 'S2', 'SC7', 'An action', 'u', 'Going well']), 'unknown-status')[0]).toMatchObject({ cell: 'F2' });
  });

  it('every rule has a severity, a title and a message template', () => {
    for (const [id, rule] of Object.entries(RULES)) {
      expect(rule.id).toBe(id);
      expect(rule.title.length).toBeGreaterThan(3);
      expect(rule.message.length).toBeGreaterThan(10);
    }
  });
});

describe('duplicate detection keys', () => {
  it('treats "&" as "and", and non-ASCII text by its full key', () => {
    const findings = checkReturn(
      [
        {
          name: 'Return',
          values: [HEADER, ['Stay Safe', 'S2', 'SC7', 'Parks & play areas', 'a'], ['Stay Safe', 'S2', 'SC7', 'parks and play areas', 'b'], ['Stay Safe', 'S2', 'SC7', 'Café  outreach', 'c'], ['Stay Safe', 'S2', 'SC7', 'cafe outreach!', 'd']],
        },
      ],
      DEFAULT_CONFIG,
    ).findings.filter((f) => f.rule === 'duplicate-action');
    expect(findings.map((f) => f.cell)).toEqual(['D3', 'D5']);
  });
});

describe('duplicate detection at scale', () => {
  it('tells apart long actions that share their opening, and finds one that differs only in spacing', () => {
    const opening = 'Work with partners to develop and implement a countywide approach to provision for children and young people, ';
    const rows = Array.from({ length: 300 }, (_, i) => ['Stay Safe', 'S2', 'SC7', `${opening}in area ${i}.`, 'u']);
    rows.push(['Stay Safe', 'S2', 'SC7', `${opening.replace(/ /g, '  ')}in area 7`, 'u']);
    const findings = checkReturn([{ name: 'Return', values: [HEADER, ...rows] }], DEFAULT_CONFIG).findings.filter((f) => f.rule === 'duplicate-action');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ cell: 'D302' });
    expect(findings[0]?.message).toMatch(/already in row 9/);
  });
});

describe('LAA refs and the period checked', () => {
  const sheet = (ref: string) => [{ name: 'Return', values: [HEADER, ['Stay Safe', 'S4', ref, 'An action', 'u']] }];

  it('accepts NI codes and the local codes still in use in a 2008-08 return', () => {
    expect(checkReturn(sheet('NI 110, NI 111, SC7, CYP8'), DEFAULT_CONFIG, [], { period: '2008-08' }).findings).toEqual([]);
  });

  it('flags an NI code in a 2007-10 return as out of its time, naming the period', () => {
    const findings = checkReturn(sheet('NI 110, SC7'), DEFAULT_CONFIG, [], { period: '2007-10' }).findings;
    expect(findings).toEqual([
      {
        rule: 'laa-ref-out-of-period',
        severity: 'warning',
        sheet: 'Return',
        cell: 'C2',
        message: 'NI 110 is not in use in 10 October 2007 (2007-10): it applies from April 2008. Check the reference, or the period this return is for.',
      },
    ]);
  });

  it('checks against the configuration\'s latest period when none is named', () => {
    expect(checkReturn(sheet('NI 110'), DEFAULT_CONFIG).findings).toEqual([]);
    const early = { ...DEFAULT_CONFIG, periods: DEFAULT_CONFIG.periods.filter((p) => p.id !== '2008-08') };
    expect(only(checkReturn(sheet('NI 110'), early).findings, 'laa-ref-out-of-period')[0]?.message).toMatch(/^NI 110 is not in use in 20 March 2008 \(2008-03\)/);
  });

  it('honours `until`, and a period outside the configuration by its month', () => {
    const retired = { ...DEFAULT_CONFIG, laaRefs: [{ code: 'SC7', from: '2006-04', until: '2008-03' }, { code: 'CYP8' }] };
    const at = (period: string) => only(checkReturn(sheet('SC7'), retired, [], { period }).findings, 'laa-ref-out-of-period').map((f) => f.message);
    expect(at('2008-03')).toEqual([]);
    expect(at('2006-04')).toEqual([]);
    expect(at('2008-08')).toEqual(['SC7 is not in use in August 2008 (2008-08): it applies from April 2006 until March 2008. Check the reference, or the period this return is for.']);
    expect(at('2006-03')).toEqual(['SC7 is not in use in March 2006 (2006-03): it applies from April 2006 until March 2008. Check the reference, or the period this return is for.']);
    const untilOnly = { ...DEFAULT_CONFIG, laaRefs: [{ code: 'SC7', until: '2008-03' }] };
    expect(only(checkReturn(sheet('SC7'), untilOnly, [], { period: '2008-08' }).findings, 'laa-ref-out-of-period')[0]?.message).toMatch(/it applies until March 2008\./);
  });

  it('says what the officer wrote when the cell means "no ref"', () => {
    const message = (ref: string) => only(checkReturn(sheet(ref), DEFAULT_CONFIG).findings, 'missing-laa-ref')[0]?.message;
    expect(message('N/A')).toBe('Row 2 has an action but no LAA reference (the cell says "N/A"). Add the LAA indicator(s) this action contributes to.');
    expect(message('TBC')).toBe('Row 2 has an action but no LAA reference (the cell says "TBC"). Add the LAA indicator(s) this action contributes to.');
    expect(message('')).toBe('Row 2 has an action but no LAA reference. Add the LAA indicator(s) this action contributes to.');
  });

  it('suggests within the family typed: a bare number, a range, a slip', () => {
    const messages = (ref: string) => only(checkReturn(sheet(ref), DEFAULT_CONFIG).findings, 'unknown-laa-ref').map((f) => f.message);
    expect(messages('8')).toEqual(['"8" is not in the Leicestershire LAA catalogue. Did you mean CYP8 or NI 8?']);
    expect(messages('111')).toEqual(['"111" is not in the Leicestershire LAA catalogue. Did you mean NI 111?']);
    expect(messages('CYP 1-3')).toEqual(['"CYP 1-3" is not in the Leicestershire LAA catalogue. Write each ref of the range on its own: CYP1, CYP2, CYP3.']);
    expect(messages('CYP 7-9')).toEqual(['"CYP 7-9" is not in the Leicestershire LAA catalogue. Write each ref of the range on its own: CYP7, CYP8.']);
    expect(messages('XYZ123456')).toEqual(['"XYZ123456" is not in the Leicestershire LAA catalogue.']);
    expect(messages('HC2.5')).toEqual(['"HC2.5" is not in the Leicestershire LAA catalogue. Did you mean HC2.4?']);
  });
});

describe('messages', () => {
  it('leave no placeholder unfilled, for any rule a return can raise', () => {
    const values = [
      ['Title – STAY SAFE'],
      ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'Progress to date', 'Status', 'Lead officer'],
      ['Stay Safe', 'S4', 'NI 110', 'An action', 'u', 'Going well', 'J'],
      ['Be wealthy', 'S9', '', 'Another', 'u', '', ''],
      ['', '', 'CYP 1-3', '', 'An orphan update', '', ''],
      ['Be healthy', 'S1', 'N/A', 'An action', 'x'.repeat(MAX_CELL_TEXT + 1), '', ''],
      ['Be healthy', 'S1', '8', 'an action.', '', '', ''],
    ];
    const checked = checkReturn(
      [
        { name: 'Return', values, hiddenRows: [2], hiddenColumns: [6] },
        { name: 'No aims', values: [['Outcome', 'LAA Ref', 'Actions', 'Update'], ['Stay safe', 'SC7', 'An action', 'u']] },
        { name: 'Old', visibility: 'Hidden', values: [] },
        { name: 'Notes', values: [['a', 'b']] },
      ],
      DEFAULT_CONFIG,
      [],
      { period: '2007-10' },
    );
    const rules = new Set(checked.findings.map((f) => f.rule));
    for (const rule of ['missing-column', 'laa-ref-out-of-period', 'unknown-status', 'unknown-outcome', 'unknown-aim', 'missing-laa-ref', 'unknown-laa-ref', 'update-without-action', 'text-too-long', 'aim-outside-outcome', 'duplicate-action', 'hidden-sheet', 'hidden-rows', 'hidden-columns', 'no-grid']) {
      expect(rules).toContain(rule);
    }
    for (const finding of checked.findings) expect(finding.message).not.toMatch(/\{\w+\}/);
  });

  it('a blank Aim alone does not warn when it carries down', () => {
    const findings = findingsOf(['Stay Safe', 'S2', 'SC7', 'First action', 'u'], ['', '', 'SC7', 'Second action', 'u'], ['Stay Safe', '', 'SC7', 'Third action', 'u']);
    expect(findings).toEqual([]);
  });
});

describe('where a finding points', () => {
  it.each([
    [0, 'A2'],
    [1, 'B2'],
    [2, 'C2'],
    [3, 'D2'],
    [4, 'E2'],
  ])('text-too-long in column %i points at %s', (column, cell) => {
    const row = ['Stay Safe', 'S2', 'SC7', 'An action', 'u', ''];
    row[column] = 'x'.repeat(MAX_CELL_TEXT + 1);
    const found = only(findingsOf(row), 'text-too-long');
    expect(found.map((f) => [f.cell, f.message])).toEqual([[cell, `This cell holds ${MAX_CELL_TEXT + 1} characters; the limit is ${MAX_CELL_TEXT}. Shorten it or move some of it to another action.`]]);
  });

  it('allows a cell of exactly the limit', () => {
    expect(only(findingsOf(['Stay Safe', 'S2', 'SC7', 'x'.repeat(MAX_CELL_TEXT), 'u']), 'text-too-long')).toEqual([]);
  });

  it('falls back to the Actions cell when the field has no column', () => {
    const values = [['Aim', 'LAA Ref', 'Actions', 'Update'], ['S2', 'SC7', 'An action', 'u']];
    const missing = checkReturn([{ name: 'Sheet1', values }], DEFAULT_CONFIG).findings.filter((f) => f.rule === 'missing-outcome');
    expect(missing.map((f) => [f.cell, f.message])).toEqual([['C2', 'Row 2 has an action but no outcome, and none above it to carry down. Fill in the Outcome.']]);
  });

  it('names no cell for a synced row sent without its position, and carries the row id', () => {
    const row = gridRowFromPayload({ outcome: 'Stay safe', aim: 'S2', laaRefs: [], action: 'An action', update: '', status: null }, 'row-1', DEFAULT_CONFIG);
    expect(validateRows([row], DEFAULT_CONFIG)).toEqual([
      { rule: 'missing-laa-ref', severity: 'error', sheet: '', cell: '', rowId: 'row-1', message: 'Row 0 has an action but no LAA reference. Add the LAA indicator(s) this action contributes to.' },
    ]);
  });

  it('gives every rule\'s finding its severity and the row\'s position', () => {
    const findings = findingsOf(['Be wealthy', 'S9', 'SC7', 'An action', 'u', 'Going well']);
    expect(findings.map((f) => [f.rule, f.severity, f.cell])).toEqual([
      ['unknown-outcome', 'error', 'A2'],
      ['unknown-aim', 'warning', 'B2'],
      ['unknown-status', 'warning', 'F2'],
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      '"Be wealthy" is not an Every Child Matters outcome. Use one of: Be healthy, Stay safe, Enjoy and achieve, Make a positive contribution, Achieve economic well-being.',
      '"S9" is not an aim of any outcome. Use an aim code such as S1.',
      '"Going well" is not a status. Use On track, At risk or Exceptional.',
    ]);
  });
});
