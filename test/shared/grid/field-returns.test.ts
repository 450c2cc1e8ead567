/**
 * The field returns (../shared/field-returns/, README and expected.json) as the grid sees them:
 * each SheetInput holds what the file's sheet XML holds (values, merges, sheet state), so the
 * right readings are pinned here at the shared level, apart from reading the package.
 */
import { DEFAULT_CONFIG, checkReturn, refKey, type PartnershipConfig, type SheetInput } from '../../../shared';

const TITLE = "LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE";
const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];
const S4 = 'S4 Safe from crime and anti-social behaviour in and out of school';
const S2 = 'S2 Safe from accidental injury and death';

/** config-ni.json: the default configuration's catalogue with the NI Set, without periods of use. */
const CONFIG_NI: PartnershipConfig = { ...DEFAULT_CONFIG, laaRefs: DEFAULT_CONFIG.laaRefs.map(({ code, title }) => (title === undefined ? { code } : { code, title })) };

const sameRefs = (refs: readonly string[]) => refs.map(refKey);

function read(sheets: SheetInput[], config = DEFAULT_CONFIG) {
  const checked = checkReturn(sheets, config);
  const row = (n: number) => checked.rows.find((r) => r.row === n);
  return { checked, row };
}

describe('the field returns, read right', () => {
  it('field-01: a merged LAA Ref cell gives its refs to both rows, with no missing-laa-ref at C5', () => {
    const { checked, row } = read([
      {
        name: 'Stay safe',
        values: [
          [TITLE],
          ['(20 March 2008)'],
          HEADER,
          ['Stay safe', S4, 'SC7\nHC3', 'A multi-agency approach to reduce anti-social behaviour', 'Links to the new YOT Impact Team are being developed.'],
          [null, null, null, 'Deliver the summer diversionary activities programme in the parks', 'Ran 14 sessions; 220 young people took part.'],
          [null, S2, 'CYP8', 'Promote the safer routes to school scheme with the county council', 'Two further schools joined the scheme this term.'],
        ],
        merges: [
          { top: 3, left: 0, bottom: 5, right: 0 },
          { top: 3, left: 1, bottom: 4, right: 1 },
          { top: 3, left: 2, bottom: 4, right: 2 },
        ],
      },
    ]);
    expect(sameRefs(row(5)!.laaRefs)).toEqual(sameRefs(['SC7', 'HC3']));
    expect(checked.findings.filter((f) => f.rule === 'missing-laa-ref' && f.cell === 'C5')).toEqual([]);
  });

  it('field-07: only the visible sheet is read; the hidden old sheet is named', () => {
    const { checked } = read([
      { name: 'Return Mar 08', values: [[TITLE], HEADER, ['Stay safe', S4, 'SC7', 'A multi-agency approach to reduce anti-social behaviour', 'March 2008: JAG meeting now monthly; YOT Impact Team linked.']] },
      {
        name: 'Oct 07 (old)',
        visibility: 'Hidden',
        values: [
          [TITLE],
          HEADER,
          ['Stay safe', S4, 'SC7', 'A multi-agency approach to reduce anti-social behaviour', 'October 2007: links to the YOT Impact Team are being developed.'],
          ['Stay safe', S2, 'CYP8', 'Promote the safer routes to school scheme with the county council', 'October 2007: scheme under review (dropped since).'],
        ],
      },
    ]);
    expect(checked.rows).toHaveLength(1);
    expect(checked.rows[0]!.update.startsWith('March 2008')).toBe(true);
    expect(checked.findings.map((f) => [f.rule, f.severity, f.sheet])).toEqual([['hidden-sheet', 'info', 'Oct 07 (old)']]);
  });

  it('field-08: bullets typed in the LAA Ref cell are not refs', () => {
    const { checked, row } = read([
      {
        name: 'Stay safe',
        values: [
          [TITLE],
          ['(20 March 2008)'],
          HEADER,
          ['Stay safe', S4, '• SC7\n• HC3', 'A multi-agency approach to reduce anti-social behaviour', 'Links to the new YOT Impact Team are being developed.'],
          ['Stay safe', S2, '▪ CYP8', 'Promote the safer routes to school scheme with the county council', 'Two further schools joined the scheme this term.'],
          ['Stay safe', S4, '·SC5.1\n·SC5.2', 'Deliver the summer diversionary activities programme in the parks', 'Ran 14 sessions; 220 young people took part.'],
        ],
      },
    ]);
    expect(sameRefs(row(4)!.laaRefs)).toEqual(sameRefs(['SC7', 'HC3']));
    expect(sameRefs(row(5)!.laaRefs)).toEqual(sameRefs(['CYP8']));
    expect(sameRefs(row(6)!.laaRefs)).toEqual(sameRefs(['SC5.1', 'SC5.2']));
    expect(checked.findings.filter((f) => f.rule === 'unknown-laa-ref')).toEqual([]);
    expect(checked.findings).toEqual([]);
  });

  it('field-10: an update column headed "Progress to date" is read', () => {
    const { checked, row } = read([
      {
        name: 'Stay safe',
        values: [
          [TITLE],
          ['(20 March 2008)'],
          ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'Progress to date'],
          ['Stay safe', S4, 'SC7', 'A multi-agency approach to reduce anti-social behaviour', 'Links to the new YOT Impact Team are being developed.'],
          ['Stay safe', S2, 'CYP8', 'Promote the safer routes to school scheme with the county council', 'Two further schools joined the scheme this term.'],
        ],
      },
    ]);
    expect(row(4)!.update.startsWith('Links to the new YOT Impact Team')).toBe(true);
    expect(row(5)!.update.startsWith('Two further schools joined')).toBe(true);
    expect(checked.findings).toEqual([]);
  });

  it('field-11 with config-ni.json: NI refs as typed in 2008', () => {
    const refs = ['NI 110/111', 'NI-50', 'N/A', '8', 'CYP 1-3', 'NI 111 & NI 45'];
    const actions = ['A multi-agency approach', 'Deliver the positive activities programme', 'Promote the safer routes', 'Support the youth council', 'Extend the play ranger service', 'Reduce first-time entrants'];
    const { checked, row } = read([{ name: 'Stay safe', values: [[TITLE], ['(20 March 2008)'], HEADER, ...refs.map((ref, i) => ['Stay safe', S4, ref, actions[i], 'Update.'])] }], CONFIG_NI);
    expect(sameRefs(row(4)!.laaRefs)).toEqual(sameRefs(['NI 110', 'NI 111']));
    expect(sameRefs(row(5)!.laaRefs)).toEqual(sameRefs(['NI 50']));
    expect(sameRefs(row(9)!.laaRefs)).toEqual(sameRefs(['NI 111', 'NI 45']));
    expect(checked.findings.map((f) => [f.rule, f.cell, f.message])).toEqual([
      ['missing-laa-ref', 'C6', 'Row 6 has an action but no LAA reference (the cell says "N/A"). Add the LAA indicator(s) this action contributes to.'],
      ['unknown-laa-ref', 'C7', '"8" is not in the Leicestershire LAA catalogue. Did you mean CYP8 or NI 8?'],
      ['unknown-laa-ref', 'C8', '"CYP 1-3" is not in the Leicestershire LAA catalogue. Write each ref of the range on its own: CYP1, CYP2, CYP3.'],
    ]);
  });
});
