/**
 * The text rules every reader and writer shares: what an officer typed is what the master and
 * the coordinator's page show (line breaks, accents), workbooks never carry characters Excel
 * refuses, and two spellings of one action are one action.
 */
import fc from 'fast-check';
import { comparisonHash, comparisonKey, labelKey, normaliseText, stripInvalidXml } from '../../../shared';

describe('normaliseText', () => {
  it('turns Windows and old Mac line breaks into one newline each, keeping blank lines', () => {
    expect(normaliseText('First line\r\nSecond line\rThird line\r\n\r\nNew paragraph')).toBe('First line\nSecond line\nThird line\n\nNew paragraph');
  });

  it('trims the ends of plain text and of text that needs work', () => {
    expect(normaliseText('  Youth strategy agreed.  ')).toBe('Youth strategy agreed.');
    expect(normaliseText('\r\n  Café opened.\r\n')).toBe('Café opened.');
  });

  it('gives an accented letter typed two ways one spelling (NFC)', () => {
    const decomposed = 'Cafe\u0301 opened';
    expect(normaliseText(decomposed)).toBe('Caf\u00e9 opened');
    expect(normaliseText(decomposed)).toHaveLength('Café opened'.length);
  });

  it('drops the control characters Excel refuses in a workbook but keeps tabs and newlines', () => {
    expect(normaliseText('Done\u0000\u0007\u000b\u000c\u001f\uFFFE\uFFFF.\tNext\nline')).toBe('Done.\tNext\nline');
    expect(normaliseText('a\u0008b\u000ec')).toBe('abc');
  });

  it('drops a lone surrogate but keeps a character written as a surrogate pair', () => {
    expect(normaliseText('ok \ud83d\ude00 and \ud800 and \udc00 end')).toBe('ok 😀 and  and  end');
    expect(normaliseText('\udc00\ud83d')).toBe('');
    expect(normaliseText('\ud800\ufffe\udc00')).toBe('');
  });

  it('leaves ordinary text with every printable ASCII character as typed', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    expect(normaliseText(`x${printable}x`)).toBe(`x${printable}x`);
  });

  it('agrees, on every text, with doing each rule by hand', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\r', '\n', '\t', '\u0000', 'e', '\u0301', '\ud800', '\udc00', '\ufffe', 'é') }), (text) => {
        const byHand = text
          .replace(/\r\n|\r/g, '\n')
          // One pass: two lone halves around a dropped character must not become a pair.
          .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
          .normalize('NFC')
          .trim();
        expect(normaliseText(text)).toBe(byHand);
      }),
    );
  });
});

describe('stripInvalidXml', () => {
  it('drops only what XML cannot carry, keeping spaces at the ends and line breaks as typed', () => {
    expect(stripInvalidXml(' a\u0001b\r\nc\ud800 ')).toBe(' ab\r\nc ');
    expect(stripInvalidXml('x\ud83d\ude00\uffffy')).toBe('x😀y');
  });
});

describe('comparisonKey', () => {
  it('reads two spellings of one action as the same', () => {
    expect(comparisonKey('Develop  Youth-strategy.')).toBe('develop youth strategy');
    expect(comparisonKey('  develop youth strategy  ')).toBe('develop youth strategy');
    expect(comparisonKey('Children’s Centres & Schools')).toBe('children s centres and schools');
    expect(comparisonKey('Crèche RÉOPENED')).toBe('creche reopened');
    expect(comparisonKey('Phase 2: 10 sites')).toBe('phase 2 10 sites');
  });

  it('keeps different actions apart', () => {
    expect(comparisonKey('Phase 1')).not.toBe(comparisonKey('Phase 2'));
    expect(comparisonKey('Fund festivals')).not.toBe(comparisonKey('Fund festival'));
  });

  it('reads a compatibility character as its plain letter (NFKD)', () => {
    expect(comparisonKey('ﬁnance')).toBe('finance');
  });
});

describe('labelKey', () => {
  it('keeps only letters and digits, so header and outcome labels match however spaced', () => {
    expect(labelKey('Economic well-being')).toBe('economicwellbeing');
    expect(labelKey(' LAA  Ref. ')).toBe('laaref');
  });
});

describe('comparisonHash', () => {
  it('is the hash of the comparison key, so two spellings of one action land in one bucket', () => {
    const texts = fc.string({ unit: fc.constantFrom('a', 'A', 'B', 'z', 'Z', '0', '9', ' ', '-', '.', '&', '@', '[', '`', '{', '/', ':', '~', 'é', '’'), maxLength: 90 });
    fc.assert(
      fc.property(texts, (text) => {
        expect(comparisonHash(text)).toBe(comparisonHash(comparisonKey(text)));
      }),
    );
  });

  it('puts the same action typed two ways in one bucket', () => {
    expect(comparisonHash('Develop  Youth-strategy.')).toBe(comparisonHash('develop youth strategy'));
    expect(comparisonHash('Schools & Centres')).toBe(comparisonHash('schools and centres'));
    expect(comparisonHash('&Schools')).toBe(comparisonHash('and schools'));
    expect(comparisonHash('Crèche')).toBe(comparisonHash('creche'));
  });

  it('spreads different actions over different buckets', () => {
    const actions = ['Fund festivals', 'Promote green gym', 'Measure cohesion', 'Develop youth strategy', 'Phase 1', 'Phase 2', 'a b', 'ab', 'and', '&'];
    const hashes = new Set(actions.map(comparisonHash));
    // "and" and "&" are one word; every other pair differs.
    expect(hashes.size).toBe(actions.length - 1);
    expect(comparisonHash('')).toBe(0x811c9dc5);
  });
});
