import {
  DEFAULT_COLUMN_LABELS,
  DEFAULT_CONFIG,
  checkReturn,
  compileHeaderLabels,
  headerField,
  labelWords,
  matchHeader,
  parseConfig,
  parseSheet,
  readHeaderRow,
} from '../../../shared';

const config = DEFAULT_CONFIG;
const TITLE = "LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE";

describe('header labels as councils write them', () => {
  // Wordings seen on returns and in the seeds (DOMAIN.md), each with the column it heads.
  it.each([
    ['Outcome', 'outcome'],
    ['OUTCOMES', 'outcome'],
    ['ECM Outcome', 'outcome'],
    ['Every Child Matters outcome', 'outcome'],
    ['Outcome (ECM)', 'outcome'],
    ['Aim', 'aim'],
    ['Aims', 'aim'],
    ['ECM aim', 'aim'],
    ['Aim ref', 'aim'],
    ['Objective', 'aim'],
    ['LAA Ref', 'laaRef'],
    ['LAA Reference', 'laaRef'],
    ['LAA ref.', 'laaRef'],
    ['laa refs', 'laaRef'],
    ['LAA Ref No.', 'laaRef'],
    ['LAA target(s)', 'laaRef'],
    ['National Indicator(s)', 'laaRef'],
    ['National Indicators', 'laaRef'],
    ['NI', 'laaRef'],
    ['NI ref', 'laaRef'],
    ['NI Ref.', 'laaRef'],
    ['Indicator', 'laaRef'],
    ['Indicators', 'laaRef'],
    ['PI', 'laaRef'],
    ['Ref', 'laaRef'],
    ['Performance Indicator', 'laaRef'],
    ['Actions', 'action'],
    ['Action', 'action'],
    ['ACTIONS', 'action'],
    ['Key actions', 'action'],
    ['Action(s)', 'action'],
    ['Agreed actions', 'action'],
    ['Agreed Action', 'action'],
    ['District Update', 'update'],
    ['Update', 'update'],
    ['Updates', 'update'],
    ['District/Borough Update', 'update'],
    ['Borough update', 'update'],
    ['Progress', 'update'],
    ['Progress to date', 'update'],
    ['PROGRESS TO DATE (March 08)', 'update'],
    ['Comments', 'update'],
    ['Comment', 'update'],
    ['Update on progress', 'update'],
    ['Progress update', 'update'],
    ['Status', 'status'],
    ['RAG', 'status'],
    ['RAG status', 'status'],
    ['RAG rating', 'status'],
    ['Progress status', 'status'],
    ['Update status', 'status'],
    ['Row ID', 'id'],
    ['ID', 'id'],
  ])('reads %j as %s', (label, field) => {
    expect(headerField(label)).toBe(field);
  });

  it.each([
    'Lead officer',
    'Target date',
    'Timescale',
    'Resources',
    'Partners',
    'Lead partner',
    'Budget',
    'Milestones',
    'Notes',
    'Date',
    'Baseline',
    'Responsible',
    '',
    '   ',
    '2008',
    'Our update to the board on every single action listed on this sheet, as agreed in March',
  ])('reads %j as no column', (label) => {
    expect(headerField(label)).toBeUndefined();
  });

  it('turns a label into singular words, keeping "progress" and "status" whole and dropping the "(s)"', () => {
    expect(labelWords('Action(s)')).toEqual(['action']);
    expect(labelWords('Progress to date')).toEqual(['progress', 'to', 'date']);
    expect(labelWords('RAG Status')).toEqual(['rag', 'status']);
    expect(labelWords('Comments & notes')).toEqual(['comment', 'and', 'note']);
    expect(labelWords('Aims')).toEqual(['aim']);
    expect(labelWords('Gas')).toEqual(['gas']);
    expect(labelWords('x'.repeat(61))).toEqual([]);
    expect(labelWords('x'.repeat(60))).toEqual(['x'.repeat(60)]);
  });

  it('prefers the longest wording found inside a label, then the rightmost', () => {
    const labels = compileHeaderLabels({ ...DEFAULT_COLUMN_LABELS, status: ['Status', 'Progress to date status'] });
    expect(labels.fieldOf('Progress to date status')).toBe('status');
    expect(labels.fieldOf('Progress to date (Oct 07)')).toBe('update');
    expect(labels.fieldOf('Actions update')).toBe('update');
    expect(labels.fieldOf('Update actions')).toBe('action');
  });

  it('always recognises the add-in\'s own labels, whatever the table says', () => {
    const labels = compileHeaderLabels({ outcome: [], aim: [], laaRef: [], action: [], update: [], status: [], id: [] });
    expect(['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Status', 'Row ID'].map((l) => labels.fieldOf(l))).toEqual(['outcome', 'aim', 'laaRef', 'action', 'update', 'status', 'id']);
    expect(labels.fieldOf('Progress to date')).toBeUndefined();
  });

  it('reads a partnership\'s own wording from its configuration, with no code', () => {
    const custom = parseConfig({ ...DEFAULT_CONFIG, columns: { update: ['Achievements this quarter'] } });
    if (!custom.ok) throw new Error(custom.message);
    const values = [[TITLE], ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'Achievements this quarter'], ['Stay safe', 'S4', 'SC7', 'Run the JAG', 'JAG meets monthly']];
    const checked = checkReturn([{ name: 'Stay safe', values }], custom.config);
    expect(checked.rows[0]?.update).toBe('JAG meets monthly');
    expect(checked.findings).toEqual([]);
    // The other columns keep their default wordings.
    expect(custom.config.columns.laaRef).toEqual(DEFAULT_COLUMN_LABELS.laaRef);
  });
});

describe('which row is the header', () => {
  it('needs the Actions column and two more of Outcome, Aim, LAA Ref and Update', () => {
    expect(matchHeader(['Outcome', 'Aim', 'Actions'], 1)?.columns).toEqual({ outcome: 0, aim: 1, action: 2 });
    expect(matchHeader(['Outcome', 'Actions', 'Status', 'Row ID'], 1)).toBeNull();
    expect(matchHeader(['Outcome', 'Aim', 'LAA Ref', 'District Update'], 1)).toBeNull();
    expect(matchHeader(['Actions', 'Progress'], 1)).toBeNull();
  });

  it('keeps the first column of a field, other labels as extra columns, and every label seen', () => {
    const header = matchHeader(['Lead officer', 'Actions', 'Outcome', 'Update', 'Comments', ''], 7);
    expect(header).toEqual({
      row: 7,
      columns: { action: 1, outcome: 2, update: 3 },
      extra: [
        { column: 0, label: 'Lead officer' },
        { column: 4, label: 'Comments' },
      ],
      seen: [
        { column: 0, label: 'Lead officer' },
        { column: 1, label: 'Actions' },
        { column: 2, label: 'Outcome' },
        { column: 3, label: 'Update' },
        { column: 4, label: 'Comments' },
      ],
    });
  });

  it('does not make an extra column of a merged header cell spread across two columns', () => {
    const header = readHeaderRow(['Outcome', 'LAA Ref', 'LAA Ref', 'Actions', 'Update'], 3);
    expect(header.columns).toEqual({ outcome: 0, laaRef: 1, action: 3, update: 4 });
    expect(header.extra).toEqual([]);
    expect(header.core).toBe(4);
  });
});

describe('a needed column that is not recognised', () => {
  const noUpdateWording = parseConfig({ ...DEFAULT_CONFIG, columns: { update: ['District Update'] } });

  it('is an error naming the column and listing the labels seen, never an empty column read silently', () => {
    if (!noUpdateWording.ok) throw new Error(noUpdateWording.message);
    const values = [[TITLE], ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'Progress to date'], ['Stay safe', 'S4', 'SC7', 'Run the JAG', 'JAG meets monthly']];
    const checked = checkReturn([{ name: 'Stay safe', values }], noUpdateWording.config);
    expect(checked.findings).toEqual([
      {
        rule: 'missing-column',
        severity: 'error',
        sheet: 'Stay safe',
        cell: 'E2',
        message:
          'Sheet "Stay safe" has no District Update column that could be recognised in its header (row 2), so no District Update was read. The header labels seen: "Outcome", "Aim", "LAA Ref", "Actions", "Progress to date". Head the column "District Update", or add its wording to the partnership configuration\'s column labels.',
      },
    ]);
  });

  it('names each missing column once per sheet, even with a table per outcome on the sheet', () => {
    const header = ['Outcome', 'LAA Ref', 'Actions', 'Update'];
    const values = [header, ['Stay safe', 'SC7', 'a', 'u'], [], header, ['Be healthy', 'HC3', 'b', 'u']];
    const missing = checkReturn([{ name: 'All', values }], config).findings.filter((f) => f.rule === 'missing-column');
    expect(missing.map((f) => [f.cell, f.message.slice(0, 40)])).toEqual([['A1', 'Sheet "All" has no Aim column that could']]);
  });

  it('does not ask for an Outcome column when the sheet name gives the outcome', () => {
    const values = [['Aim', 'LAA Ref', 'Actions', 'Update'], ['S4', 'SC7', 'a', 'u']];
    expect(checkReturn([{ name: 'Stay Safe', values }], config).findings).toEqual([]);
    expect(checkReturn([{ name: 'Sheet1', values }], config).findings.map((f) => f.rule)).toEqual(['missing-column', 'missing-outcome']);
  });
});

describe('when no grid is found', () => {
  it('names the likeliest header row, what it lacks and the labels it could not place', () => {
    const values = [[TITLE], ['Outcome', 'Key tasks', 'Indicator', 'Progress to date', 'Lead'], ['Stay safe', 'Run the JAG', 'SC7', 'JAG meets monthly', 'PC Smith']];
    const checked = checkReturn([{ name: 'Stay safe', values }], config);
    expect(checked.rows).toEqual([]);
    expect(checked.noGrid).toBe(
      'No return grid found: no sheet has a header row with Actions and two of Outcome, Aim, LAA Ref and District Update. ' +
        'The likeliest header is row 2 of sheet "Stay safe": it reads "Outcome" as Outcome, "Indicator" as LAA Ref, "Progress to date" as District Update, ' +
        'finds no Aim or Actions column, and could not place "Key tasks", "Lead". ' +
        "Head the columns as the add-in does (Outcome, Aim, LAA Ref, Actions, District Update), or add the wording to the partnership configuration's column labels.",
    );
  });

  it('picks the row with the most columns recognised across sheets, and names hidden sheets not read', () => {
    const sheets = [
      { name: 'Notes', values: [['Written by', 'Date', 'Version'], ['J. Smith', '20/03/2008', '2']] },
      { name: 'Return', values: [['Outcome', 'Tasks', 'LAA Ref']] },
      { name: 'Old', visibility: 'Hidden' as const, values: [['Outcome', 'Aim', 'LAA Ref', 'Actions', 'Update']] },
    ];
    const noGrid = checkReturn(sheets, config).noGrid ?? '';
    expect(noGrid).toContain('The likeliest header is row 1 of sheet "Return": it reads "Outcome" as Outcome, "LAA Ref" as LAA Ref, finds no Aim, Actions or District Update column, and could not place "Tasks".');
    expect(noGrid).toContain('Hidden sheets were not read: "Old".');
  });

  it('says only that no grid was found when no row looks like a header', () => {
    expect(checkReturn([{ name: 'Blank', values: [['Just a note']] }], config).noGrid).toBe(
      'No return grid found: no sheet has a header row with Actions and two of Outcome, Aim, LAA Ref and District Update.',
    );
  });

  it('is absent when a grid is found', () => {
    const checked = checkReturn([{ name: 'Stay safe', values: [['Outcome', 'Aim', 'LAA Ref', 'Actions', 'Update']] }], config);
    expect(checked.noGrid).toBeUndefined();
    expect(parseSheet({ name: 'Stay safe', values: [['Outcome', 'Aim', 'LAA Ref', 'Actions', 'Update']] }, config).headerGuess).toBeNull();
  });
});
