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

interface Bucket<T> {
  firstText: string;
  first: T;
  byKey: Map<string, T> | null;
}

export class ComparisonIndex<T> {
  private readonly scopes = new Map<string, Map<number, Bucket<T>>>();

  /** The item indexed earlier under the same scope and text, if any; otherwise indexes this one. */
  findOrAdd(scope: string, text: string, item: T): T | undefined {
    let buckets = this.scopes.get(scope);
    if (!buckets) this.scopes.set(scope, (buckets = new Map()));
    const hash = comparisonHash(text);
    const bucket = buckets.get(hash);
    if (!bucket) {
      buckets.set(hash, { firstText: text, first: item, byKey: null });
      return undefined;
    }
    bucket.byKey ??= new Map([[comparisonKey(bucket.firstText), bucket.first]]);
    const key = comparisonKey(text);
    const earlier = bucket.byKey.get(key);
    if (earlier === undefined) bucket.byKey.set(key, item);
    return earlier;
  }
}
