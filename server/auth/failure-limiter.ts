/**
 * Slows key guessing: an address that sends too many wrong keys within a window is answered
 * 429 until the window has passed. Only wrong keys count (a missing key is not a guess).
 * Memory is bounded: at most `maxAddresses` are tracked; when full, the oldest entry goes
 * (a Map iterates in insertion order), so a flood of addresses cannot exhaust memory.
 */
export interface FailureLimiterOptions {
  maxFailures: number;
  windowMs: number;
  maxAddresses?: number;
}

export interface FailureLimiter {
  /** Milliseconds until the address may try again, or 0 when it is not blocked. */
  retryAfterMs(address: string, nowMs: number): number;
  recordFailure(address: string, nowMs: number): void;
}

export const DEFAULT_FAILURE_LIMIT: FailureLimiterOptions = { maxFailures: 20, windowMs: 60_000, maxAddresses: 10_000 };

export function createFailureLimiter(options: FailureLimiterOptions = DEFAULT_FAILURE_LIMIT): FailureLimiter {
  const maxAddresses = options.maxAddresses ?? 10_000;
  const entries = new Map<string, { windowStart: number; failures: number }>();
  const current = (address: string, nowMs: number) => {
    const entry = entries.get(address);
    if (entry && nowMs - entry.windowStart >= options.windowMs) {
      entries.delete(address);
      return undefined;
    }
    return entry;
  };
  return {
    retryAfterMs(address, nowMs) {
      const entry = current(address, nowMs);
      if (!entry || entry.failures < options.maxFailures) return 0;
      return entry.windowStart + options.windowMs - nowMs;
    },
    recordFailure(address, nowMs) {
      const entry = current(address, nowMs);
      if (entry) {
        entry.failures += 1;
        return;
      }
      if (entries.size >= maxAddresses) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(address, { windowStart: nowMs, failures: 1 });
    },
  };
}
