/**
 * More LAA Ref cells as officers type them, each read as the officer meant: the refs the master
 * lists, and no word that is not a ref reported as "not in the catalogue".
 */
import { DEFAULT_CONFIG } from '../../../shared';
import { createRefCatalogue, splitRefs } from '../../../shared/grid/laa-refs';

const catalogue = createRefCatalogue(DEFAULT_CONFIG.laaRefs);
const read = (text: string) => splitRefs(text, catalogue);

describe('LAA Ref cells beyond the common forms', () => {
  it.each<[string, string[], string[]]>([
    // A lone carriage return is a line break too (text pasted from older Mac programs).
    ['SC7\rHC3', ['SC7', 'HC3'], []],
    // A "no ref" word as one item of several is not a ref.
    ['SC7, none, CYP8', ['SC7', 'CYP8'], []],
    ['SC7; TBC', ['SC7'], []],
    // "N/A" however spaced inside a longer cell.
    ['SC7 N /A CYP8', ['SC7', 'CYP8'], []],
    ['SC7 N/ A CYP8', ['SC7', 'CYP8'], []],
    // Numbering past 9.
    ['10) SC7\n11) CYP8', ['SC7', 'CYP8'], []],
    // The column's own word without a colon.
    ['ref SC7', ['SC7'], []],
    // A ref in two words followed by another ref.
    ['cyp 8 SC7', ['CYP8', 'SC7'], []],
    // A ref outside the catalogue is not joined to the catalogue ref after it.
    ['XY7 SC7', ['XY7', 'SC7'], ['XY7']],
    // Stray dots and colons around a ref outside the catalogue are dropped, however many.
    ['XY7..', ['XY7'], ['XY7']],
    ['::XY7', ['XY7'], ['XY7']],
  ])('reads %j as %j (not in the catalogue: %j)', (typed, refs, unknown) => {
    expect(read(typed)).toEqual({ refs, unknown });
  });

  it('suggests the entries of a range only when the whole ref is a range', () => {
    expect(catalogue.suggest('CYP 1-3')).toEqual(['CYP1', 'CYP2', 'CYP3']);
    expect(catalogue.suggest('CYP 1-3a')).not.toEqual(['CYP1', 'CYP2', 'CYP3']);
  });
});
