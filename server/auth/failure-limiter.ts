/**
 * Slows key guessing without locking anyone out.
 *
 * Wrong keys are counted per source: the client's address (an IPv6 address by its /64, the
 * block one home or office is given, so a client cannot dodge the count by changing the low
 * bits) and the key id the guess named. A source with `maxFailures` wrong keys within a window
 * gets 429 for its *wrong* keys until the window ends. A valid key is checked first and always
 * let in: behind a NAT or the TLS proxy many people share an address, and anyone can name a key
 * id, so refusing valid keys would let one person lock out every district. Letting a blocked
 * source's valid key in gives a guesser nothing: a key's secret is 256 random bits, so no run
 * of guesses finds one; the limit answers floods cheaply and shows up in the log.
 *
 * Windows run on a monotonic clock (`performance.now()` by default), so setting the wall clock
 * back or forward neither ends nor stretches a block. Memory is bounded: at most `maxSources`
 * are tracked; when full, the oldest entry goes (a Map iterates in insertion order), so a flood
 * of addresses or made-up key ids cannot exhaust memory.
 *
 * Why not a library: rate-limiter-flexible's memory limiter (the kept choice for Node) reads
 * the wall clock (Date.now) for its windows, arms one timer per key and has no cap on the
 * number of keys; the two properties asked of this limiter (monotonic windows, bounded memory)
 * would need wrapping around it, which is most of this file.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface FailureLimiterOptions {
  maxFailures: number;
  windowMs: number;
  maxSources?: number;
  /** @deprecated the former name of maxSources. */
  maxAddresses?: number;
}

export interface FailureLimiter {
  /** Milliseconds until the source may send a wrong key again without 429, or 0. */
  retryAfterMs(source: string, nowMs: number): number;
  recordFailure(source: string, nowMs: number): void;
}

export const DEFAULT_FAILURE_LIMIT: FailureLimiterOptions = { maxFailures: 20, windowMs: 60_000, maxSources: 10_000 };

export function createFailureLimiter(options: FailureLimiterOptions = DEFAULT_FAILURE_LIMIT): FailureLimiter {
  const maxSources = options.maxSources ?? options.maxAddresses ?? 10_000;
  const entries = new Map<string, { windowStart: number; failures: number }>();
  const current = (source: string, nowMs: number) => {
    const entry = entries.get(source);
    if (entry && nowMs - entry.windowStart >= options.windowMs) {
      entries.delete(source);
      return undefined;
    }
    return entry;
  };
  return {
    retryAfterMs(source, nowMs) {
      const entry = current(source, nowMs);
      if (!entry || entry.failures < options.maxFailures) return 0;
      return entry.windowStart + options.windowMs - nowMs;
    },
    recordFailure(source, nowMs) {
      const entry = current(source, nowMs);
      if (entry) {
        entry.failures += 1;
        return;
      }
      if (entries.size >= maxSources) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(source, { windowStart: nowMs, failures: 1 });
    },
  };
}

/** The 16-bit groups of an IPv6 address (8 of them), or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  const bare = address.replace(/%.*$/, '');
  if (!isIPv6(bare)) return null;
  const [head = '', tail] = bare.split('::') as [string, string | undefined];
  const toGroups = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const first = toGroups(head);
  const last = tail === undefined ? [] : toGroups(tail);
  const zeros = tail === undefined ? [] : Array<number>(8 - first.length - last.length).fill(0);
  return [...first, ...zeros, ...last];
}

/**
 * The source an address counts as: an IPv4 address itself (an IPv4-mapped IPv6 address too),
 * an IPv6 address by its /64 prefix (RFC 4291 §2.5.4: the interface identifier is the low 64
 * bits, which a client chooses freely, e.g. RFC 8981 temporary addresses).
 */
export function addressSource(address: string): string {
  if (isIPv4(address)) return `ip:${address}`;
  const groups = ipv6Groups(address);
  if (!groups) return `ip:${address}`;
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `ip:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return `ip:${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The source a guessed key id counts as (anyone can name one; see the header). */
export function keyIdSource(keyId: string): string {
  return `key:${keyId}`;
}
