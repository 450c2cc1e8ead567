/**
 * Finding the header of a return as officers head their columns. A column not recognised is a
 * column whose cells are not read: a return headed "Progress" would lose its updates. So each
 * wording officers use is pinned here by name, with the column it must be.
 */
import { DEFAULT_COLUMN_LABELS } from '../../../shared/config/schema';
import { compileHeaderLabels, headerField, labelWords, matchHeader, readHeaderRow, type GridField } from '../../../shared/grid/header';

describe('headerField', () => {
  const wordings: [string, GridField][] = [
    ['Outcome', 'outcome'],
    ['ECM outcome', 'outcome'],
    ['Every Child Matters outcome', 'outcome'],
    ['OUTCOMES', 'outcome'],
    ['Aim', 'aim'],
    ['ECM aim', 'aim'],
    ['Aim code', 'aim'],
    ['Aim ref', 'aim'],
    ['Objective', 'aim'],
    ['Objectives', 'aim'],
    ['LAA Ref', 'laaRef'],
    ['LAA ref.', 'laaRef'],
    ['LAA', 'laaRef'],
    ['LAA Reference', 'laaRef'],
    ['LAA ref no', 'laaRef'],
    ['LAA indicator', 'laaRef'],
    ['LAA target', 'laaRef'],
    ['National Indicator', 'laaRef'],
    ['NI', 'laaRef'],
    ['ni ref', 'laaRef'],
    ['NI number', 'laaRef'],
    ['Indicator', 'laaRef'],
    ['PI', 'laaRef'],
    ['Performance indicator', 'laaRef'],
    ['Ref', 'laaRef'],
    ['Reference', 'laaRef'],
    ['Actions', 'action'],
    ['Action', 'action'],
    ['Key actions', 'action'],
    ['agreed actions', 'action'],
    ['Action(s)', 'action'],
    ['Actions planned', 'action'],
    ['District Update', 'update'],
    ['Update', 'update'],
    ['Borough update', 'update'],
    ['District/Borough update', 'update'],
    ['progress', 'update'],
    ['Progress to date', 'update'],
    ['Progress update', 'update'],
    ['Update on progress', 'update'],
    ['Comments', 'update'],
    ['Commentary', 'update'],
    ['Status', 'status'],
    ['rag', 'status'],
    ['RAG status', 'status'],
    ['Progress status', 'status'],
    ['RAG rating', 'status'],
    ['Row ID', 'id'],
    ['ID', 'id'],
    ['District Returns ID', 'id'],
  ];

  it.each(wordings)('reads a column headed "%s" as %s', (label, field) => {
    expect(headerField(label)).toBe(field);
  });

  it('knows every wording the shipped configuration lists (and this test lists them all)', () => {
    const listed = new Set(wordings.map(([label]) => label.toLowerCase()));
    for (const labels of Object.values(DEFAULT_COLUMN_LABELS)) for (const label of labels) expect(listed).toContain(label.toLowerCase());
  });

  it('reads a label with extra words by the longest wording inside it, the rightmost among equals', () => {
    expect(headerField('Progress to date (Oct)')).toBe('update');
    expect(headerField('Update status')).toBe('status');
    expect(headerField('Status update')).toBe('update');
    expect(headerField('Summary of key actions for 2008')).toBe('action');
    expect(headerField('LAA ref(s) if any')).toBe('laaRef');
  });

  it('does not take a word that only starts like a wording, nor a cell of text, for a label', () => {
    expect(headerField('Updated by')).toBeUndefined();
    expect(headerField('Lead officer')).toBeUndefined();
    expect(headerField('')).toBeUndefined();
    expect(headerField('!!!')).toBeUndefined();
    expect(headerField(`Update ${'x'.repeat(60)}`)).toBeUndefined();
  });

  it('uses a partnership’s own wording, and keeps the add-in’s labels whatever the configuration says', () => {
    const labels = compileHeaderLabels({ ...DEFAULT_COLUMN_LABELS, update: ['Milestones reached'], aim: ['Priority', 'Milestones reached'] });
    // A wording two columns list is the first column's, in the order Outcome, Aim, LAA Ref, Actions, Update.
    expect(headerField('Milestones reached', labels)).toBe('aim');
    expect(headerField('Priority', labels)).toBe('aim');
    expect(headerField('Milestones', compileHeaderLabels({ ...DEFAULT_COLUMN_LABELS, update: ['Milestones'] }))).toBe('update');
    expect(headerField('District Update', labels)).toBe('update');
    expect(headerField('Progress', labels)).toBeUndefined();
  });
});

describe('labelWords', () => {
  it('drops case, punctuation and the "(s)", and makes plurals singular but not "progress" or "status"', () => {
    expect(labelWords('Action(s)')).toEqual(['action']);
    expect(labelWords('Key Actions')).toEqual(['key', 'action']);
    expect(labelWords('Progress status')).toEqual(['progress', 'status']);
    expect(labelWords('RAGs IDs')).toEqual(['rag', 'ids']);
    expect(labelWords('Commentaries')).toEqual(['commentarie']);
    expect(labelWords('  ')).toEqual([]);
  });
});

describe('matchHeader', () => {
  it('finds the columns of a header in any order, with extra labelled columns kept', () => {
    const header = matchHeader(['LAA ref', 'Lead officer', 'Actions', '', 'Progress', 'Aim', 'Outcome', 'RAG', 'Row ID'], 4);
    expect(header).toEqual({
      row: 4,
      columns: { laaRef: 0, action: 2, update: 4, aim: 5, outcome: 6, status: 7, id: 8 },
      extra: [{ column: 1, label: 'Lead officer' }],
      seen: [
        { column: 0, label: 'LAA ref' },
        { column: 1, label: 'Lead officer' },
        { column: 2, label: 'Actions' },
        { column: 4, label: 'Progress' },
        { column: 5, label: 'Aim' },
        { column: 6, label: 'Outcome' },
        { column: 7, label: 'RAG' },
        { column: 8, label: 'Row ID' },
      ],
    });
  });

  it('needs Actions and two of the other needed columns; Status and Row ID do not count', () => {
    expect(matchHeader(['Actions', 'Update', 'Aim'], 1)).not.toBeNull();
    expect(matchHeader(['Actions', 'Update'], 1)).toBeNull();
    expect(matchHeader(['Actions', 'Update', 'Status', 'Row ID'], 1)).toBeNull();
    expect(matchHeader(['Outcome', 'Aim', 'LAA ref', 'Update'], 1)).toBeNull();
  });

  it('reads a label spread over merged cells once, and a second column of the same field as extra', () => {
    const read = readHeaderRow(['Actions', 'District Update', 'District Update', 'Aim', 'Aim', 'Update', 'Long text '.repeat(7)], 3);
    expect(read.columns).toEqual({ action: 0, update: 1, aim: 3 });
    expect(read.extra).toEqual([{ column: 5, label: 'Update' }]);
    expect(read.core).toBe(3);
    expect(read.seen.map((s) => s.column)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
