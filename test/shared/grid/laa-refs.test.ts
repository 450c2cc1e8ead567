import { DEFAULT_CONFIG, createRefCatalogue, splitRefs } from '../../../shared';

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
