import fc from 'fast-check';
import { DEFAULT_CONFIG, checkReturn, headerField, parseSheet } from '../../../shared';
import { SEED_TABLES, oneSheetLines, tableLines } from '../../support/seed-appendix';

const config = DEFAULT_CONFIG;
const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];

describe('finding the header', () => {
  it.each([
    ['LAA Reference', 'laaRef'],
    ['LAA ref.', 'laaRef'],
    ['laa refs', 'laaRef'],
    ['Action', 'action'],
    ['ACTIONS', 'action'],
    ['Update', 'update'],
    ['District update', 'update'],
    ['District/Borough Update', 'update'],
    ['Outcome', 'outcome'],
    ['ECM Outcome', 'outcome'],
    ['Aim', 'aim'],
    ['Status', 'status'],
    ['Row ID', 'id'],
  ])('reads the label %j as %s', (label, field) => {
    expect(headerField(label)).toBe(field);
  });

  it('skips the title, date and stray lines above the header and keeps Excel row numbers', () => {
    const sheet = parseSheet({ name: 'Sheet1', values: [['APPENDIX'], ['CONTRIBUTION – STAY SAFE'], ['(20 March 2008)'], [], HEADER, ['Stay Safe', 'S2', 'SC7', 'An action', 'An update']] }, config);
    expect(sheet.header?.row).toBe(5);
    expect(sheet.rows.map((r) => [r.row, r.outcome, r.aimCode, r.laaRefs])).toEqual([[6, 'Stay safe', 'S2', ['SC7']]]);
  });

  it('reads columns in another order and keeps extra columns', () => {
    const sheet = parseSheet(
      { name: 'Return', values: [['Actions', 'Lead officer', 'LAA ref.', 'Outcome', 'Update', 'Aim'], ['Run youth forums', 'J. Smith', 'CYP8', 'Make a positive contribution', 'Two forums held', 'C1']] },
      config,
    );
    const [row] = sheet.rows;
    expect(row).toMatchObject({ action: 'Run youth forums', laaRefs: ['CYP8'], outcome: 'Make a positive contribution', update: 'Two forums held', aimCode: 'C1', extra: { 'Lead officer': 'J. Smith' } });
    expect(row?.cells).toMatchObject({ action: 'A2', laaRef: 'C2', outcome: 'D2' });
  });

  it('finds no grid on a sheet without a header', () => {
    expect(parseSheet({ name: 'Notes', values: [['Some notes'], ['More notes']] }, config).header).toBeNull();
  });
});

describe('reading rows', () => {
  it('carries a blank Outcome and Aim down from the row above, as merged cells did', () => {
    const sheet = parseSheet({ name: 'S', values: [HEADER, ['Stay Safe', 'S2  Safe from accidental injury and death', 'SC7', 'First', 'u'], ['', '', 'CYP7', 'Second', 'u']] }, config);
    expect(sheet.rows[1]).toMatchObject({ outcome: 'Stay safe', aimCode: 'S2', aim: 'S2  Safe from accidental injury and death' });
  });

  it('does not carry an aim into another outcome', () => {
    const sheet = parseSheet({ name: 'S', values: [HEADER, ['Stay Safe', 'S2', 'SC7', 'First', 'u'], ['Be healthy', '', 'CYP1', 'Second', 'u']] }, config);
    expect(sheet.rows[1]).toMatchObject({ outcome: 'Be healthy', aim: '', aimCode: null });
  });

  it('skips blank spacer rows and takes the outcome from the sheet name when the column is blank', () => {
    const sheet = parseSheet({ name: 'Be Healthy', values: [HEADER, [], ['', 'H1', 'CYP1', 'Swim', 'u'], [null, null, null, null, null]] }, config);
    expect(sheet.rows.map((r) => [r.row, r.outcome])).toEqual([[3, 'Be healthy']]);
  });

  it.each([
    ['Be Healthy', 'Be healthy'],
    ['Staying Safe', 'Stay safe'],
    ['Stay Safe', 'Stay safe'],
    ['Enjoy and Achieve', 'Enjoy and achieve'],
    ['Making a Positive Contribution', 'Make a positive contribution'],
    ['Economic Wellbeing', 'Achieve economic well-being'],
    ['Economic well-being', 'Achieve economic well-being'],
    ['E', 'Achieve economic well-being'],
  ])('reads the outcome label %j as %j', (label, name) => {
    expect(parseSheet({ name: 'x', values: [HEADER, [label, '', 'CYP1', 'a', '']] }, config).rows[0]?.outcome).toBe(name);
  });

  it.each([
    ['S1', 'S1'],
    ['S1  Safe from maltreatment, neglect, violence and sexual exploitation', 'S1'],
    ['Safe from accidental injury and death', 'S2'],
    ['E4 Provision of appropriate transport', 'E4'],
    ['Provision of appropriate transport', 'E4'],
    ['S4  Safe from crime and anti-social behaviour in and out of school\n\n(Ref:  C2)', 'S4'],
    ['(Ref: C2) Safe from bullying and discrimination', 'S3'],
  ])('reads the aim %j as %s', (aim, code) => {
    expect(parseSheet({ name: 'x', values: [HEADER, ['Stay safe', aim, 'CYP1', 'a', '']] }, config).rows[0]?.aimCode).toBe(code);
  });

  it('reads a Status column when present and the Row ID the add-in writes', () => {
    const id = '3f1c1a2e-8d4b-4c7a-9f5e-2b6d8e9a0c11';
    const sheet = parseSheet({ name: 'x', values: [[...HEADER, 'Status', 'Row ID'], ['Stay safe', 'S1', 'SC7', 'a', 'u', 'at risk', id.toUpperCase()]] }, config);
    expect(sheet.rows[0]).toMatchObject({ status: 'At risk', id });
  });

  it('reads all five tables of the March 2008 appendix from one sheet: 18 actions, three without an LAA ref', () => {
    const checked = checkReturn([{ name: 'Appendix', values: oneSheetLines() }], config);
    expect(checked.rows).toHaveLength(18);
    const perOutcome = Object.fromEntries(config.outcomes.map((o) => [o.name, checked.rows.filter((r) => r.outcome === o.name).length]));
    expect(perOutcome).toEqual({ 'Be healthy': 4, 'Stay safe': 4, 'Enjoy and achieve': 6, 'Make a positive contribution': 3, 'Achieve economic well-being': 1 });
    const missing = checked.findings.filter((f) => f.rule === 'missing-laa-ref');
    expect(missing).toHaveLength(3);
    expect(checked.findings.slice(0, 3).every((f) => f.rule === 'missing-laa-ref')).toBe(true);
    const missingActions = missing.map((f) => checked.rows.find((r) => r.cells.laaRef === f.cell)?.action.slice(0, 30));
    expect(missingActions).toEqual(['Develop and implement a ‘Child', 'Work with the PCT and other pa', 'In partnership with neighbouri'].map((s) => s.replace('‘', "'")));
  });

  it('reads the appendix the same from a sheet per outcome', () => {
    const sheets = SEED_TABLES.map((t) => ({ name: t.sheet, values: tableLines(t) }));
    const checked = checkReturn(sheets, config);
    expect(checked.rows).toHaveLength(18);
    expect(checked.findings.filter((f) => f.rule === 'missing-laa-ref').map((f) => `${f.sheet}!${f.cell}`)).toEqual([
      'Stay Safe!C5',
      'Be healthy!C7',
      'Enjoy and Achieve!C10',
    ]);
    expect(checked.rows.find((r) => r.laaRefsText === 'CYP.2')?.laaRefs).toEqual(['CYP2']);
  });
});

describe('the reader never throws', () => {
  const cell = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update', 'Status', 'Row ID', 'Stay Safe', 'S1', 'CYP 8', '(Ref: C2)'),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: false }),
  );
  it('on any 2-D array of strings, numbers, booleans, nulls and dates', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 31 }), fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 30 }), (name, values) => {
        const checked = checkReturn([{ name, values }], config);
        for (const row of checked.rows) expect(row.row).toBeGreaterThanOrEqual(1);
        for (const finding of checked.findings) expect(typeof finding.message).toBe('string');
      }),
      { numRuns: 400 },
    );
  });
});
