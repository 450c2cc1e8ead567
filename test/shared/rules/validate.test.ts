import { DEFAULT_CONFIG, MAX_CELL_TEXT, RULES, checkReturn, type Finding } from '../../../shared';

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
