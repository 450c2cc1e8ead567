/**
 * What an officer's cells read as (shared/grid/cell.ts) and how an Aim cell is understood
 * (shared/grid/aims.ts): the text of a TRUE or a date, the columns past Z that findings name,
 * and the aim codes and "(Ref: C2)" cross-references as officers type them.
 */
import { DEFAULT_CONFIG, getGridContext } from '../../../shared';
import { parseAim } from '../../../shared/grid/aims';
import { cellToText, columnLetter, parseCellAddress } from '../../../shared/grid/cell';

describe('a cell as the officer sees it', () => {
  it('reads TRUE and FALSE, a date as its day, and nothing for what has no text', () => {
    expect(cellToText(true)).toBe('TRUE');
    expect(cellToText(false)).toBe('FALSE');
    expect(cellToText(new Date(Date.UTC(2008, 2, 20, 15, 30)))).toBe('2008-03-20');
    expect(cellToText(new Date(Number.NaN))).toBe('');
    expect(cellToText(12.5)).toBe('12.5');
    expect(cellToText(Number.POSITIVE_INFINITY)).toBe('');
    expect(cellToText({ richText: [] })).toBe('');
    expect(cellToText(undefined)).toBe('');
  });

  it('names columns past Z as Excel does, to XFD', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });

  it('reads an A1 address, with or without $, and refuses anything else', () => {
    expect(parseCellAddress('C14')).toEqual({ column: 2, row: 14 });
    expect(parseCellAddress('$AA$5')).toEqual({ column: 26, row: 5 });
    expect(parseCellAddress(' xfd1048576 ')).toEqual({ column: 16383, row: 1048576 });
    for (const bad of ['C', '14', 'AAAA1', 'A1:B2', '1A5', 'Sheet1!A1']) expect(parseCellAddress(bad)).toBeNull();
  });
});

describe('an Aim cell as officers write it', () => {
  const context = getGridContext(DEFAULT_CONFIG);
  const staySafe = DEFAULT_CONFIG.outcomes.find((o) => o.code === 'S');
  const aim = (text: string) => parseAim(text, staySafe, context);

  it('takes the leading code, upper-cased, a space inside it or not', () => {
    expect(aim('S1 Safe from harm, as we put it')).toEqual({ code: 'S1', isKnown: true, crossRefs: [] });
    expect(aim('s 1 safe from harm')).toEqual({ code: 'S1', isKnown: true, crossRefs: [] });
    expect(aim('S9 Something local')).toEqual({ code: 'S9', isKnown: false, crossRefs: [] });
  });

  it('does not take a code from the middle of the wording', () => {
    expect(aim('Priority S1')).toEqual({ code: null, isKnown: false, crossRefs: [] });
  });

  it('knows an aim by its official wording alone', () => {
    expect(aim('Safe from maltreatment, neglect, violence and sexual exploitation')).toEqual({ code: 'S1', isKnown: true, crossRefs: [] });
  });

  it('collects "(Ref: C2)" cross-references however they are spaced, and they are not the aim', () => {
    for (const text of ['S1 (Ref: C2)', 'S1 (ref:C2)', 'S1 (ref : C2)', 'S1 (REF C2)', 'S1 ( ref. c 2 )', 'S1 (Ref: C2 )']) {
      expect(aim(text)).toEqual({ code: 'S1', isKnown: true, crossRefs: ['C2'] });
    }
    expect(aim('(Ref: C2)')).toEqual({ code: null, isKnown: false, crossRefs: ['C2'] });
    expect(aim('Safe from maltreatment, neglect,(Ref: C2)violence and sexual exploitation')).toEqual({ code: 'S1', isKnown: true, crossRefs: ['C2'] });
  });
});
