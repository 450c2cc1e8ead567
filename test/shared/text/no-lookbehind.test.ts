/**
 * The text rules the task pane runs, rewritten without regular-expression lookbehind (which the
 * EdgeHTML and pre-16.4 Safari webviews cannot parse), give exactly what the lookbehind patterns
 * gave. Node parses lookbehind, so the old patterns run here as the reference.
 */
import fc from 'fast-check';
import { normaliseText, stripInvalidXml } from '../../../shared/text/normalise';
import { refKey } from '../../../shared/grid/laa-refs';

const OLD_INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const OLD_NEEDS_WORK = /[^\u0020-\u007E\n\t]/;
const OLD_INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const OLD_UNICODE_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g;
const OLD_NEEDS_CLEANING = /[^\u0020-\u007E\n]/;

function oldNormaliseText(text: string): string {
  if (!OLD_NEEDS_WORK.test(text)) return text.trim();
  return text.replace(/\r\n?/g, '\n').replace(OLD_INVALID_XML, '').normalize('NFC').trim();
}

function oldRefKey(text: string): string {
  let key = text.toUpperCase();
  if (OLD_NEEDS_CLEANING.test(key)) key = key.replace(OLD_INVISIBLE, '').replace(OLD_UNICODE_SPACE, ' ');
  return key
    .replace(/[\s()[\]]+/g, '')
    .replace(/(?<!\d)\.|\.(?!\d)/g, '')
    .replace(/(?<=\d)[–—−](?=\d)/g, '-')
    .replace(/(?<=[A-Z])-+(?=\d)|^-+|-+$/g, '')
    .replace(/(?<=[A-Z])0+(?=\d)/g, '');
}

/** Characters where the patterns decide: surrogates (paired and lone), digits, zeros, dots, dashes, letters, spaces. */
const UNITS = [
  '\uD83D', '\uDE00', '\uD800', '\uDFFF', '\uDBFF', '\uDC00', '😀',
  '0', '0', '1', '5', '9', '.', '.', '-', '-', '–', '—', '−',
  'N', 'I', 'n', 'i', 'C', 'Y', 'P', 'é', 'e\u0301', ' ', '\u00A0', '\u200B', '(', ')', '/', '&',
  '\u0001', '\u000B', '\uFFFE', '\r', '\n', '\t',
];
const typed = fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 24 });

describe('text rules without lookbehind', () => {
  it('drop exactly the characters XML cannot carry, as the lookbehind pattern did', () => {
    fc.assert(
      fc.property(typed, (text) => {
        expect(stripInvalidXml(text)).toBe(text.replace(OLD_INVALID_XML, ''));
        expect(normaliseText(text)).toBe(oldNormaliseText(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('give every typed LAA ref the key the lookbehind patterns gave', () => {
    fc.assert(fc.property(typed, (text) => expect(refKey(text)).toBe(oldRefKey(text))), { numRuns: 5000 });
  });

  it('keep the cases people type', () => {
    expect(stripInvalidXml('a\uD83D\uDE00b\uD800c\uDC00d')).toBe('a\uD83D\uDE00bcd');
    expect(refKey('NI-050')).toBe('NI50');
    expect(refKey('CYP 1–3')).toBe('CYP1-3');
    expect(refKey('NI 1.5.')).toBe('NI1.5');
    expect(refKey('-NI 110-')).toBe('NI110');
  });
});
