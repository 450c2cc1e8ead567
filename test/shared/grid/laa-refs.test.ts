import { DEFAULT_CONFIG, cleanRefText, createRefCatalogue, isNoRefText, refKey, splitRefs } from '../../../shared';

const catalogue = createRefCatalogue(DEFAULT_CONFIG.laaRefs);
const refs = (text: string) => splitRefs(text, catalogue).refs;

describe('splitting an LAA ref cell', () => {
  it.each([
    ['SC7\n\nHC3', ['SC7', 'HC3']],
    ['SC3.1\n\nCYP7\n\nCYP8\n\nSC5.1\n\nSC5.2', ['SC3.1', 'CYP7', 'CYP8', 'SC5.1', 'SC5.2']],
    ['CYP7, CYP8', ['CYP7', 'CYP8']],
    ['CYP7; CYP8', ['CYP7', 'CYP8']],
    ['CYP7/CYP8', ['CYP7', 'CYP8']],
    ['SC5.1 SC5.2', ['SC5.1', 'SC5.2']],
    ['CYP7 and CYP8', ['CYP7', 'CYP8']],
  ])('%j → %j', (cell, expected) => {
    expect(refs(cell)).toEqual(expected);
  });

  it.each([
    ['cyp 8', 'CYP8'],
    ['CYP.8', 'CYP8'],
    ['CYP.2', 'CYP2'],
    ['St C4(c)', 'St.C4(c)'],
    ['st.c4(C)', 'St.C4(c)'],
    ['sc3.1', 'SC3.1'],
    [' HC 2.4 ', 'HC2.4'],
  ])('matches %j to the catalogue spelling %j', (typed, expected) => {
    expect(splitRefs(typed, catalogue)).toEqual({ refs: [expected], unknown: [] });
  });

  it('keeps a dot between digits meaningful: SC31 is not SC3.1', () => {
    expect(splitRefs('SC31', catalogue).unknown).toEqual(['SC31']);
  });

  it('keeps refs outside the catalogue as typed, joining a bare prefix and its number', () => {
    expect(splitRefs('XY 15, CYP8', catalogue)).toEqual({ refs: ['XY 15', 'CYP8'], unknown: ['XY 15'] });
  });

  it('reads placeholders and blanks as no ref at all', () => {
    for (const blank of ['', '   ', 'n/a', 'N/A', '-', 'none', 'TBC']) expect(refs(blank)).toEqual([]);
  });

  it('lists a ref once even when typed twice', () => {
    expect(refs('CYP8\nCYP 8\ncyp.8')).toEqual(['CYP8']);
  });

  it('suggests the nearest catalogue entry for a slip', () => {
    expect(catalogue.nearest('SC3.2')).toBe('SC3.1');
    expect(catalogue.nearest('StC1c')).toBe('St.C1(c)');
    expect(catalogue.nearest('HC24')).toBe('HC2.4');
  });
});

describe('LAA refs as officers type them', () => {
  // Typed forms from returns (seeds, field returns), NI and local, with the refs they hold.
  it.each<[string, string[]]>([
    ['• SC7\n• HC3', ['SC7', 'HC3']],
    ['▪ CYP8', ['CYP8']],
    ['·SC5.1\n·SC5.2', ['SC5.1', 'SC5.2']],
    ['- SC7 / - CYP8', ['SC7', 'CYP8']],
    ['– SC7\n– HC3', ['SC7', 'HC3']],
    ['* CYP7\n* CYP8', ['CYP7', 'CYP8']],
    ['◦ CG4.2', ['CG4.2']],
    ['1) NI 110\n2) NI 111', ['NI 110', 'NI 111']],
    ['1. SC7\n2. HC3', ['SC7', 'HC3']],
    ['a) CYP1\nb) CYP2', ['CYP1', 'CYP2']],
    ['(i) SC7', ['SC7']],
    ['SC7.', ['SC7']],
    ['SC7;', ['SC7']],
    ['sc5.1 sc5.2', ['SC5.1', 'SC5.2']],
    ['S\u200bC7', ['SC7']],
    ['\ufeffCYP8', ['CYP8']],
    ['CYP\u00ad8', ['CYP8']],
    ['NI\u00a0110', ['NI 110']],
    ['SC7\u2003HC3', ['SC7', 'HC3']],
    ['CYP7\u2060, CYP8', ['CYP7', 'CYP8']],
    ['NI 110/111', ['NI 110', 'NI 111']],
    ['NI 110 / 111 / 112', ['NI 110', 'NI 111', 'NI 112']],
    ['NI 110 & 111', ['NI 110', 'NI 111']],
    ['NI 110 and 111', ['NI 110', 'NI 111']],
    ['NI 110, 111', ['NI 110', 'NI 111']],
    ['NI 111 & NI 45', ['NI 111', 'NI 45']],
    ['SC5.1/5.2', ['SC5.1', 'SC5.2']],
    ['CYP7/8', ['CYP7', 'CYP8']],
    ['NI-50', ['NI 50']],
    ['NI50', ['NI 50']],
    ['NI 050', ['NI 50']],
    ['ni 50', ['NI 50']],
    ['N.I. 50', ['NI 50']],
    ['(NI 110)', ['NI 110']],
    ['NI 8, CYP8', ['NI 8', 'CYP8']],
    ['LAA ref: SC7', ['SC7']],
    ['SC7 + HC3', ['SC7', 'HC3']],
    ['SC7 | HC3', ['SC7', 'HC3']],
    ['SC7, N/A', ['SC7']],
    ['CYP 1-3', ['CYP 1-3']],
    ['8', ['8']],
    ['111', ['111']],
  ])('%j → %j', (cell, expected) => {
    expect(refs(cell)).toEqual(expected);
  });

  it.each(['N/A', 'n/a', 'N / A', 'NA', 'n.a.', 'none', 'None', 'nil', '-', '–', '—', '--', 'TBC', 'tba', 'TBD', '?', '...', 'not applicable', 'No ref', '\u00a0N/A\u200b', '•'])(
    '%j means no ref',
    (cell) => {
      expect(splitRefs(cell, catalogue)).toEqual({ refs: [], unknown: [] });
    },
  );

  it('does not carry a prefix over a line break, and only to a bare number', () => {
    expect(refs('NI 110\n111')).toEqual(['NI 110', '111']);
    expect(refs('NI 110/HC3')).toEqual(['NI 110', 'HC3']);
    expect(refs('111/NI 110')).toEqual(['111', 'NI 110']);
  });

  it('lists unknown refs apart, as typed', () => {
    expect(splitRefs('NI 999, XY7, SC7', catalogue)).toEqual({ refs: ['NI 999', 'XY7', 'SC7'], unknown: ['NI 999', 'XY7'] });
  });

  it('keys a ref forgiving case, spaces, brackets, a hyphen after the prefix, leading zeros and stray dots', () => {
    expect(refKey('ni-050')).toBe('NI50');
    expect(refKey(' St. C4 (c) ')).toBe('STC4C');
    expect(refKey('SC3.1')).toBe('SC3.1');
    expect(refKey('SC3.')).toBe('SC3');
    expect(refKey('CYP 1–3')).toBe('CYP1-3');
    expect(refKey('-SC7-')).toBe('SC7');
    expect(refKey('NI 0')).toBe('NI0');
    expect(refKey('S\u200bC\u00a07')).toBe('SC7');
  });
});

describe('suggestions for a ref outside the catalogue', () => {
  it.each<[string, string[]]>([
    ['111', ['NI 111']],
    ['8', ['CYP8', 'NI 8']],
    ['CYP 1-3', ['CYP1', 'CYP2', 'CYP3']],
    ['NI 110-112', ['NI 110', 'NI 111', 'NI 112']],
    ['CYP1-CYP3', ['CYP1', 'CYP2', 'CYP3']],
    ['SC3.2', ['SC3.1']],
    ['HC24', ['HC2.4']],
    ['StC1c', ['St.C1(c)']],
    ['NI 1111', ['NI 111']],
    ['CPY8', ['CYP8']],
    ['NI 199', ['NI 19']],
    ['999', []],
    ['XYZ123456', []],
    ['', []],
  ])('%j → %j', (typed, expected) => {
    expect(catalogue.suggest(typed)).toEqual(expected);
    expect(catalogue.nearest(typed)).toBe(expected[0]);
  });

  it('never proposes another family for a slip within a known family', () => {
    for (const typed of ['NI 45.1', 'NI 1980', 'SC9', 'HC9']) {
      const family = /^[A-Z]+/.exec(typed)![0];
      for (const suggestion of catalogue.suggest(typed)) expect(suggestion.startsWith(family)).toBe(true);
    }
  });

  it('knows each entry\'s period of use', () => {
    expect(catalogue.entry('NI 110')).toEqual({ code: 'NI 110', from: '2008-04' });
    expect(catalogue.entry('ni-110')?.code).toBe('NI 110');
    expect(catalogue.entry('CYP8')).toEqual({ code: 'CYP8', title: 'Children and young people' });
    expect(catalogue.entry('XY1')).toBeUndefined();
  });
});

describe('the edges of suggestions and cleaning', () => {
  it.each<[string, string[]]>([
    ['CYP 1-30', ['CYP1', 'CYP2', 'CYP3', 'CYP4', 'CYP5', 'CYP6', 'CYP7', 'CYP8']],
    ['CYP 1-31', []],
    ['CYP 3-1', ['CYP1', 'CYP2', 'CYP3']],
    ['CYP 3-3', ['CYP3']],
    ['CYP 20-25', []],
    ['CYP888', ['CYP8']],
    ['CYP8888', []],
    ['XCYP8', ['CYP8']],
    ['ABCD', []],
  ])('%j → %j', (typed, expected) => {
    expect(catalogue.suggest(typed)).toEqual(expected);
  });

  it('cleans invisible characters and odd spaces, and leaves plain text alone', () => {
    expect(cleanRefText('S\u200bC7\u00a0/\u2009HC3\r\nCYP8')).toBe('SC7 / HC3\nCYP8');
    const plain = 'SC7 / HC3';
    expect(cleanRefText(plain)).toBe(plain);
    expect(isNoRefText(' N/A\u200b ')).toBe(true);
    expect(isNoRefText('SC7')).toBe(false);
  });
});
