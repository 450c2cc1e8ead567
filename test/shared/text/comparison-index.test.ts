/**
 * The index that finds an action typed again (another case, spacing or punctuation) within one
 * outcome: what makes two districts' rows one master row, and what keeps different actions apart.
 */
import fc from 'fast-check';
import { comparisonKey } from '../../../shared';
import { ComparisonIndex } from '../../../shared/text/comparison-index';

/** An index over items that are labels: each item's text is the one it was offered with. */
function labelIndex<T>(): { findOrAdd(scope: string, text: string, item: T): T | undefined } {
  const texts = new Map<T, string>();
  const index = new ComparisonIndex<T>((item) => texts.get(item) ?? '');
  return {
    findOrAdd(scope, text, item) {
      texts.set(item, text);
      return index.findOrAdd(scope, text, item);
    },
  };
}

describe('ComparisonIndex', () => {
  it('finds the first item under the same scope and text however it is spelt, and indexes new ones', () => {
    const index = labelIndex<string>();
    expect(index.findOrAdd('S', 'Develop youth strategy', 'first')).toBeUndefined();
    expect(index.findOrAdd('S', 'develop  Youth-Strategy.', 'second')).toBe('first');
    expect(index.findOrAdd('S', 'DEVELOP YOUTH STRATEGY', 'third')).toBe('first');
  });

  it('keeps scopes apart: the same action under another outcome is another row', () => {
    const index = labelIndex<string>();
    expect(index.findOrAdd('S', 'Fund festivals', 'safe')).toBeUndefined();
    expect(index.findOrAdd('A', 'Fund festivals', 'achieve')).toBeUndefined();
    expect(index.findOrAdd('A', 'fund festivals', 'again')).toBe('achieve');
  });

  it('tells apart actions that share their first 64 letters', () => {
    const opening = 'Develop and implement a Child Protection Policy with relevant guidelines';
    const index = labelIndex<number>();
    expect(index.findOrAdd('S', `${opening} for schools`, 1)).toBeUndefined();
    expect(index.findOrAdd('S', `${opening} for sports clubs`, 2)).toBeUndefined();
    expect(index.findOrAdd('S', `${opening}, for schools.`, 3)).toBe(1);
    expect(index.findOrAdd('S', `${opening} for Sports Clubs`, 4)).toBe(2);
  });

  it('finds earlier items exactly as comparing every comparison key would', () => {
    const text = fc.constantFrom('Fund festivals', 'fund  festivals.', 'Fund festival', 'Crèche', 'creche', 'x'.repeat(70) + 'a', 'x'.repeat(70) + 'b', 'X'.repeat(70) + 'A', '&', 'and', '');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('S', 'A'), text), { maxLength: 20 }), (entries) => {
        const index = labelIndex<number>();
        entries.forEach(([scope, t], i) => {
          const earlier = entries.findIndex(([s, u], j) => j < i && s === scope && comparisonKey(u) === comparisonKey(t));
          expect(index.findOrAdd(scope, t, i)).toBe(earlier < 0 ? undefined : earlier);
        });
      }),
    );
  });
});
