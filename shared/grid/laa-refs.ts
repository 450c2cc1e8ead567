/**
 * LAA references in a cell.
 * Rules:
 * - a cell may hold several refs separated by blank lines, newlines, commas, semicolons,
 *   slashes or spaces ("SC7\n\nHC3", "CYP7, CYP8", "SC5.1 SC5.2");
 * - a ref may itself contain a space ("cyp 8", "St C4(c)", "NI 15"): adjacent words are joined
 *   when together they are a catalogue entry, or when a bare prefix is followed by a number;
 * - matching forgives case, spaces and stray dots: a dot counts only between two digits
 *   (SC3.1), so "CYP.8" is CYP8 and "St C4(c)" is St.C4(c);
 * - refs come back in the catalogue's spelling; one outside the catalogue is kept as typed,
 *   and validation reports it with the nearest entry.
 */
import type { LaaRef } from '../config/schema';

export function refKey(text: string): string {
  return text
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/(?<!\d)\.|\.(?!\d)/g, '');
}

export interface RefCatalogue {
  readonly codes: readonly string[];
  /** The catalogue spelling for a typed ref, or undefined when it is not in the catalogue. */
  lookup(text: string): string | undefined;
  /** The catalogue entry closest to a typed ref (edit distance of the keys). */
  nearest(text: string): string | undefined;
}

export function createRefCatalogue(refs: readonly LaaRef[]): RefCatalogue {
  const byKey = new Map<string, string>();
  for (const ref of refs) byKey.set(refKey(ref.code), ref.code);
  const keys = [...byKey.keys()];
  // Most refs arrive already in the catalogue's spelling: answer those without building a key.
  const exact = new Map(refs.map((r) => [r.code, r.code]));
  return {
    codes: refs.map((r) => r.code),
    lookup: (text) => exact.get(text) ?? byKey.get(refKey(text)),
    nearest(text) {
      const key = refKey(text);
      let best: string | undefined;
      let bestDistance = Infinity;
      for (const candidate of keys) {
        const d = editDistance(key, candidate, bestDistance);
        if (d < bestDistance) {
          bestDistance = d;
          best = candidate;
        }
      }
      return best === undefined ? undefined : byKey.get(best);
    },
  };
}

const PLACEHOLDER = /^(n\s*\/\s*a|na|none|nil|tbc|tba|-+|\.+|\?+)$/i;
const FILLER = /^(and|or|&|\+|-+|\.+)$/i;
const BARE_PREFIX = /^[A-Za-z][A-Za-z.]*$/;
const STARTS_NUMERIC = /^[0-9(]/;

export interface SplitRefs {
  /** Every ref in the cell, in order, once each: catalogue spelling where known, else as typed. */
  refs: string[];
  /** The subset of refs not in the catalogue, as typed. */
  unknown: string[];
}

export function splitRefs(text: string, catalogue: RefCatalogue): SplitRefs {
  const refs: string[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  const trimmed = text.trim();
  if (trimmed === '' || PLACEHOLDER.test(trimmed)) return { refs, unknown };
  const push = (ref: string, known: boolean) => {
    const key = refKey(ref);
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    refs.push(ref);
    if (!known) unknown.push(ref);
  };
  for (const piece of trimmed.split(/[\n,;/|]+/)) {
    const words = piece.split(/\s+/).filter((w) => w !== '' && !FILLER.test(w));
    let i = 0;
    while (i < words.length) {
      let taken = 0;
      for (let len = Math.min(3, words.length - i); len >= 1; len--) {
        const hit = catalogue.lookup(words.slice(i, i + len).join(''));
        if (hit !== undefined) {
          push(hit, true);
          taken = len;
          break;
        }
      }
      if (taken === 0) {
        const word = words[i]!;
        const next = words[i + 1];
        if (next !== undefined && BARE_PREFIX.test(word) && STARTS_NUMERIC.test(next)) {
          push(`${word} ${next}`, false);
          taken = 2;
        } else {
          push(word.replace(/^\.+|\.+$/g, ''), false);
          taken = 1;
        }
      }
      i += taken;
    }
  }
  return { refs, unknown };
}

/** Levenshtein distance, giving up (returning `ceiling`) once it cannot beat it. */
function editDistance(a: string, b: string, ceiling: number): number {
  if (Math.abs(a.length - b.length) >= ceiling) return ceiling;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= ceiling) return ceiling;
    previous = current;
  }
  return previous[b.length]!;
}
