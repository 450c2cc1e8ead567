/**
 * Finds texts that are the same once case, spacing and punctuation are set aside (an action
 * typed twice), within a scope (an outcome), in linear time.
 *
 * Building comparisonKey (a normalised copy) for every text is most of the cost at scale, so
 * texts are bucketed by comparisonHash (a number, from one pass over their opening) and the
 * full key is built only when a second text lands in a bucket. Equal keys always share a
 * bucket, and the full key decides, so neither a hash collision nor a shared opening can make
 * two different texts equal.
 */
import { comparisonHash, comparisonKey } from './normalise';

/** A bucket that more than one text has landed in, told apart by their full keys. */
class Collisions<T> {
  constructor(readonly byKey: Map<string, T>) {}
}

export class ComparisonIndex<T> {
  private readonly scopes = new Map<string, Map<number, T | Collisions<T>>>();

  /**
   * @param textOf the text an item was indexed under: the first item of a bucket is stored
   *   alone (no wrapper per text), and its text is asked for only when another lands with it.
   */
  constructor(private readonly textOf: (item: T) => string) {}

  /** The item indexed earlier under the same scope and text, if any; otherwise indexes this one. */
  findOrAdd(scope: string, text: string, item: T): T | undefined {
    let buckets = this.scopes.get(scope);
    if (!buckets) this.scopes.set(scope, (buckets = new Map()));
    const hash = comparisonHash(text);
    const bucket = buckets.get(hash);
    if (bucket === undefined) {
      buckets.set(hash, item);
      return undefined;
    }
    let byKey: Map<string, T>;
    if (bucket instanceof Collisions) byKey = bucket.byKey;
    else {
      byKey = new Map([[comparisonKey(this.textOf(bucket)), bucket]]);
      buckets.set(hash, new Collisions(byKey));
    }
    const key = comparisonKey(text);
    const earlier = byKey.get(key);
    if (earlier === undefined) byKey.set(key, item);
    return earlier;
  }
}
