/**
 * The district's tag at the end of each update paragraph, as the board reads it in the master's
 * District Update cell: tagged once, in the place the seeds put it, whatever the officer typed.
 */
import fc from 'fast-check';
import { DEFAULT_CONFIG } from '../../../shared';
import { createTagger, tagUpdate } from '../../../shared/merge';

const district = (code: string) => DEFAULT_CONFIG.districts.find((d) => d.code === code)!;
const HBBC = district('HBBC');
const NWLDC = district('NWLDC');

describe('tagUpdate', () => {
  it('puts the code before a final full stop, or at the end when there is none', () => {
    expect(tagUpdate('Links to the new YOT Impact Team are being developed.', HBBC)).toBe(
      'Links to the new YOT Impact Team are being developed (HBBC).',
    );
    expect(tagUpdate('New scheme agreed', HBBC)).toBe('New scheme agreed (HBBC)');
  });

  it('does not tag again a paragraph an officer tagged in lower case or mixed case', () => {
    expect(tagUpdate('JAG meeting addresses this (hbbc).', HBBC)).toBe('JAG meeting addresses this (hbbc).');
    expect(tagUpdate('Rolled out - nwl', NWLDC)).toBe('Rolled out - nwl');
    expect(tagUpdate('Rolled out (Nwldc)', NWLDC)).toBe('Rolled out (Nwldc)');
  });

  it('recognises the dash forms and spacing officers type, with or without a final stop', () => {
    for (const typed of ['Done – NWL', 'Done — NWLDC.', 'Done -NWL!', 'Done ( NWL ) .', 'Done (NWL).  ']) {
      expect(tagUpdate(typed, NWLDC)).toBe(typed.trimEnd());
    }
  });

  it('does not take another district’s tag, or the code inside a word, for this one’s', () => {
    expect(tagUpdate('Shared with Hinckley (HBBC).', NWLDC)).toBe('Shared with Hinckley (HBBC) (NWLDC).');
    expect(tagUpdate('Worked with the NWL', NWLDC)).toBe('Worked with the NWL (NWLDC)');
  });

  it('drops trailing spaces and line breaks but keeps the paragraph’s opening as typed', () => {
    expect(tagUpdate('Done.  \n', HBBC)).toBe('Done (HBBC).');
    expect(tagUpdate('  Indented by the officer', HBBC)).toBe('  Indented by the officer (HBBC)');
  });

  it('leaves a blank paragraph blank rather than a lone tag', () => {
    expect(tagUpdate('', HBBC)).toBe('');
    expect(tagUpdate('  \n ', HBBC)).toBe('');
  });

  it('matches a configured tag literally, so a tag with a full stop or brackets still counts', () => {
    const dotted = { code: 'OWBC', tags: ['O.W.', 'O+W'] };
    expect(tagUpdate('Agreed - O.W.', dotted)).toBe('Agreed - O.W.');
    expect(tagUpdate('Agreed (O+W)', dotted)).toBe('Agreed (O+W)');
    // "." in a tag is a full stop, not any character.
    expect(tagUpdate('Agreed - OXW.', dotted)).toBe('Agreed - OXW (OWBC).');
  });

  it('tags every paragraph of a district with one tagger', () => {
    const tag = createTagger(NWLDC);
    expect(['One.', 'Two (NWL).', 'Three'].map(tag)).toEqual(['One (NWLDC).', 'Two (NWL).', 'Three (NWLDC)']);
  });
});

describe('tagUpdate properties', () => {
  // Untagged text as officers write it: words, perhaps ending with a full stop.
  const words = fc.stringMatching(/^[A-Za-z][a-z ,]{0,40}[a-z]\.?$/);

  it('adds exactly the district code to an untagged paragraph, so a tagger doing nothing fails', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEFAULT_CONFIG.districts), words, (d, text) => {
        const expected = text.endsWith('.') ? `${text.slice(0, -1)} (${d.code}).` : `${text} (${d.code})`;
        expect(tagUpdate(text, d)).toBe(expected);
      }),
    );
  });

  it('tagging a tagged paragraph changes nothing, and the tag is there', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEFAULT_CONFIG.districts), fc.string(), (d, text) => {
        const tagged = tagUpdate(text, d);
        expect(tagUpdate(tagged, d)).toBe(tagged);
        if (text.trim() !== '') expect(tagged.toLowerCase()).toMatch(new RegExp(`(${[d.code, ...d.tags].join('|')})\\s*\\)?\\s*[.!]?$`, 'i'));
      }),
    );
  });
});
