/**
 * LAA refs as officers type them in the LAA Ref cell: each one the officer meant is read (the
 * master lists it, no "missing LAA ref" warning), in the catalogue's spelling, and nothing that
 * is not a ref is read as one (no false "not in the catalogue" warning).
 */
import { DEFAULT_CONFIG } from '../../../shared';
import { cleanRefText, createRefCatalogue, isNoRefText, refKey, splitRefs } from '../../../shared/grid/laa-refs';

const catalogue = createRefCatalogue(DEFAULT_CONFIG.laaRefs);
const read = (text: string) => splitRefs(text, catalogue);

describe('splitRefs as officers type the cell', () => {
  it.each([
    ['SC7.', ['SC7']],
    ['SC7, ', ['SC7']],
    ['- SC7 / - CYP8', ['SC7', 'CYP8']],
    ['• SC7\n• CYP8', ['SC7', 'CYP8']],
    ['•SC7 •CYP8', ['SC7', 'CYP8']],
    ['1) SC7\n2. CYP8\na) HC3\n(b) CYP1', ['SC7', 'CYP8', 'HC3', 'CYP1']],
    ['sc5.1 sc5.2', ['SC5.1', 'SC5.2']],
    ['SC5.1/5.2', ['SC5.1', 'SC5.2']],
    ['NI 110/111', ['NI 110', 'NI 111']],
    ['NI 110 and 111', ['NI 110', 'NI 111']],
    ['NI 50 & CYP8 + SC7; HC3 or CYP1 | CYP2', ['NI 50', 'CYP8', 'SC7', 'HC3', 'CYP1', 'CYP2']],
    ['cyp 8', ['CYP8']],
    ['CYP.8', ['CYP8']],
    ['NI-50', ['NI 50']],
    ['NI 050', ['NI 50']],
    ['St C4(c)', ['St.C4(c)']],
    ['SC7\n\nHC3', ['SC7', 'HC3']],
    ['SC7\r\nHC3', ['SC7', 'HC3']],
    ['LAA ref: SC7', ['SC7']],
    ['Refs: CYP7, CYP8', ['CYP7', 'CYP8']],
    ['SC7\u200B, CYP8\u00A0', ['SC7', 'CYP8']],
    ['SC7\u2003CYP8', ['SC7', 'CYP8']],
    ['SC7 SC7 sc 7', ['SC7']],
  ])('reads %j as %j, all in the catalogue', (typed, refs) => {
    expect(read(typed)).toEqual({ refs, unknown: [] });
  });

  it.each(['', '   ', 'N/A', 'n/a', 'N.A.', 'none', 'None', 'nil', 'no ref', 'not applicable', 'TBC', 'tba', 'TBD', 'x', '-', '—', '...', '??'])(
    'reads %j as no ref at all',
    (typed) => {
      expect(read(typed)).toEqual({ refs: [], unknown: [] });
      expect(isNoRefText(typed) || typed.trim() === '').toBe(true);
    },
  );

  it('drops an N/A inside a longer cell and keeps the refs around it', () => {
    expect(read('SC7, N/A, CYP8')).toEqual({ refs: ['SC7', 'CYP8'], unknown: [] });
    expect(read('n/a SC7')).toEqual({ refs: ['SC7'], unknown: [] });
  });

  it('keeps a ref outside the catalogue as typed, joining a bare prefix and its number', () => {
    expect(read('XY 12, CYP8')).toEqual({ refs: ['XY 12', 'CYP8'], unknown: ['XY 12'] });
    expect(read('Draft.')).toEqual({ refs: ['Draft'], unknown: ['Draft'] });
  });

  it('does not carry a prefix across a line break', () => {
    expect(read('NI 110\n111')).toEqual({ refs: ['NI 110', '111'], unknown: ['111'] });
  });

  it('says a whole cell holds no ref only when all of it says so', () => {
    expect(isNoRefText(' N / A ')).toBe(true);
    expect(isNoRefText('N/A SC7')).toBe(false);
    expect(isNoRefText('SC7')).toBe(false);
  });
});

describe('refKey', () => {
  it('sets aside case, spaces, brackets, stray dots, a hyphen after the prefix and leading zeros', () => {
    expect(refKey(' st c4 (c) ')).toBe('STC4C');
    expect(refKey('SC3.1')).toBe('SC3.1');
    expect(refKey('SC31')).not.toBe(refKey('SC3.1'));
    expect(refKey('.CYP.8.')).toBe('CYP8');
    expect(refKey('NI-050')).toBe('NI50');
    expect(refKey('-NI 5-')).toBe('NI5');
    expect(refKey('NI 1–3')).toBe('NI1-3');
    expect(refKey('NI\u00A015\u200B')).toBe('NI15');
    expect(refKey('100')).toBe('100');
  });
});

describe('cleanRefText', () => {
  it('drops invisible characters and makes every kind of space a space, leaving plain text alone', () => {
    expect(cleanRefText('SC7\u00AD\uFEFF\u00A0CYP8\r\nHC3')).toBe('SC7 CYP8\nHC3');
    expect(cleanRefText('SC7 CYP8')).toBe('SC7 CYP8');
  });
});

describe('the catalogue', () => {
  it('looks refs up in any spelling and gives the catalogue’s', () => {
    expect(catalogue.lookup('ni 15')).toBe('NI 15');
    expect(catalogue.lookup('NI 15')).toBe('NI 15');
    expect(catalogue.lookup('stc4(c)')).toBe('St.C4(c)');
    expect(catalogue.lookup('ZZ9')).toBeUndefined();
    expect(catalogue.entry('cyp 8')?.code).toBe('CYP8');
  });

  it('suggests entries of the same family only, each entry of a range, every entry with a bare number', () => {
    expect(catalogue.suggest('CYP 1-3')).toEqual(['CYP1', 'CYP2', 'CYP3']);
    expect(catalogue.suggest('CYP9')).toEqual(['CYP1']);
    expect(catalogue.suggest('SC3.2')).toEqual(['SC3.1']);
    expect(catalogue.suggest('8')).toEqual(expect.arrayContaining(['CYP8', 'NI 8']));
    expect(catalogue.suggest('8').every((code) => refKey(code).endsWith('8'))).toBe(true);
    expect(catalogue.suggest('')).toEqual([]);
    expect(catalogue.suggest('QQQQQQQQ')).toEqual([]);
    expect(catalogue.nearest('CYP9')).toBe('CYP1');
    expect(catalogue.nearest('QQQQQQQQ')).toBeUndefined();
  });

  it('suggests a near slip outside any family, within two edits', () => {
    expect(catalogue.suggest('XC7')).toEqual([expect.any(String)]);
    expect(refKey(catalogue.suggest('XC7')[0]!).length).toBeLessThanOrEqual(4);
  });

  it('spells a range out only when it is short, whichever way round it is typed', () => {
    expect(catalogue.suggest('CYP 3-1')).toEqual(['CYP1', 'CYP2', 'CYP3']);
    expect(catalogue.suggest('NI 1-40')).not.toHaveLength(40);
    expect(catalogue.suggest('NI 1-29')).toHaveLength(29);
  });

  it('keeps the first of two catalogue entries with one key', () => {
    const doubled = createRefCatalogue([
      { code: 'AB1', title: 'first' },
      { code: 'ab 1', title: 'second' },
    ]);
    expect(doubled.lookup('AB 1')).toBe('AB1');
    expect(doubled.codes).toEqual(['AB1', 'ab 1']);
  });
});
