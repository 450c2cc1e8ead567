/**
 * LAA references in a cell, as officers type them.
 * Rules:
 * - a cell may hold several refs separated by blank lines, newlines, commas, semicolons,
 *   slashes, "&", "+", "and", "or" or spaces ("SC7\n\nHC3", "CYP7, CYP8", "SC5.1 SC5.2");
 * - list markers at the start of a line or item are not refs: bullets (• ▪ · ‣ ◦ ● ■ – — - *)
 *   and numbering ("1)", "2.", "a)") — "- SC7 / - CYP8" is SC7 and CYP8;
 * - invisible format characters (zero-width space, joiners, word joiner, BOM, soft hyphen,
 *   direction marks) are dropped and every Unicode space (no-break, thin, ideographic…) is a
 *   space: they arrive by copy and paste from web pages and Word;
 * - a prefix carries over a slash, "&", "+", "and", "or" or a comma to a bare number that
 *   follows: "NI 110/111" is NI 110 and NI 111, "SC5.1/5.2" is SC5.1 and SC5.2;
 * - a ref may itself contain a space ("cyp 8", "St C4(c)", "NI 15"): adjacent words are joined
 *   when together they are a catalogue entry, or when a bare prefix is followed by a number;
 * - matching forgives case, spaces, brackets, a hyphen between prefix and number ("NI-50"),
 *   leading zeros ("NI 050") and stray dots: a dot counts only between two digits (SC3.1), so
 *   "CYP.8" is CYP8 and "St C4(c)" is St.C4(c);
 * - a cell that says there is no ref ("N/A", "none", "-", "TBC", "nil") holds no refs;
 * - refs come back in the catalogue's spelling; one outside the catalogue is kept as typed,
 *   and validation reports it with suggestions from the same family only (suggest()).
 */
import type { LaaRef } from '../config/schema';

/** Zero-width and other invisible format characters (Unicode category Cf) officers paste in. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** Unicode spaces other than the ASCII space (Zs, and the line/paragraph separators). */
const UNICODE_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g;
const NEEDS_CLEANING = /[^\u0020-\u007E\n]/;

// refKey's patterns capture the character before a dot, dash or zero and put it back ('$1'; a
// group that did not take part gives ''), instead of lookbehind, which the task pane's webviews
// (EdgeHTML, Safari before 16.4) cannot parse: one such pattern stops the whole bundle loading
// (docs/addin.md, "Webviews"). The captured character is a digit or a letter, never part of
// another match, so the results are the same. A dot stays only between two digits ("1.5").
/**
 * The comparison key of a ref: upper case; spaces, brackets and invisible characters dropped;
 * a dot kept only between two digits; a hyphen between a prefix and its number dropped
 * ("NI-50"); leading zeros of a number after a prefix dropped ("NI 050" = "NI 50").
 */
export function refKey(text: string): string {
  let key = text.toUpperCase();
  // Most refs are plain ASCII without dots, hyphens or zeros: each step runs only where its
  // character is there.
  const isAscii = !NEEDS_CLEANING.test(key);
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, a speed shortcut: ASCII text has no invisible or Unicode spaces to replace, and the next line drops every space
  if (!isAscii) key = key.replace(INVISIBLE, '').replace(UNICODE_SPACE, ' ');
  key = key.replace(/[\s()[\]]+/g, '');
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, a speed shortcut: without a dot the replace changes nothing
  if (key.includes('.')) key = key.replace(/(\d\.)(?=\d)|(\d)?\./g, '$1$2');
  // Stryker disable next-line ConditionalExpression: equivalent, a speed shortcut: ASCII text holds no Unicode dash
  if (!isAscii) key = key.replace(/(\d)[–—−](?=\d)/g, '$1-');
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, a speed shortcut: without a hyphen the replace changes nothing
  if (key.includes('-')) key = key.replace(/([A-Z])-+(?=\d)|^-+|-+$/g, '$1');
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, a speed shortcut: without a zero the replace changes nothing
  if (key.includes('0')) key = key.replace(/([A-Z])0+(?=\d)/g, '$1');
  return key;
}

/** The letters a key starts with (its family: "NI", "CYP", "STC"), '' for a bare number. */
function familyOf(key: string): string {
  return /^[A-Z]*/.exec(key)![0];
}

/** The largest range ("CYP 1-3") that suggest() spells out entry by entry. */
const MAX_RANGE_SUGGESTIONS = 30;
/** A slip further than this from every entry of its family gets no suggestion. */
const MAX_SUGGESTION_DISTANCE = 2;

export interface RefCatalogue {
  readonly codes: readonly string[];
  /** The catalogue spelling for a typed ref, or undefined when it is not in the catalogue. */
  lookup(text: string): string | undefined;
  /** The catalogue entry of a code in the catalogue's spelling (with its `from` and `until`). */
  entry(code: string): LaaRef | undefined;
  /**
   * Catalogue entries an officer may have meant by a ref outside the catalogue, best first:
   * - a range ("CYP 1-3", either way round, under MAX_RANGE_SUGGESTIONS wide) → each entry
   *   of the range that exists (CYP1, CYP2, CYP3);
   * - a bare number ("8") → every entry with that number (CYP8, NI 8);
   * - a ref of a known family ("SC3.2", "NI 1111") → the nearest entry of that family only,
   *   so "111" never suggests NI 1 and "NI 45" never suggests CYP4;
   * - anything else → the nearest entry within MAX_SUGGESTION_DISTANCE edits; else none.
   */
  suggest(text: string): string[];
  /** The first suggestion, or undefined. */
  nearest(text: string): string | undefined;
}

export function createRefCatalogue(refs: readonly LaaRef[]): RefCatalogue {
  const byKey = new Map<string, LaaRef>();
  const byFamily = new Map<string, string[]>();
  const byNumber = new Map<string, LaaRef[]>();
  for (const ref of refs) {
    const key = refKey(ref.code);
    if (byKey.has(key)) continue;
    byKey.set(key, ref);
    const family = familyOf(key);
    const keys = byFamily.get(family) ?? [];
    keys.push(key);
    byFamily.set(family, keys);
    const number = key.slice(family.length);
    const sameNumber = byNumber.get(number) ?? [];
    sameNumber.push(ref);
    byNumber.set(number, sameNumber);
  }
  // Most refs arrive already in the catalogue's spelling: answer those without building a key.
  // Stryker disable next-line ArrayDeclaration: equivalent, a speed shortcut: every code is also found by its key in byKey
  const exact = new Map(refs.map((r) => [r.code, r]));
  const allKeys = [...byKey.keys()];
  const lookupEntry = (text: string): LaaRef | undefined => exact.get(text) ?? byKey.get(refKey(text));

  const closest = (key: string, candidates: readonly string[]): string | undefined => {
    let best: string | undefined;
    let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
    for (const candidate of candidates) {
      const d = editDistance(key, candidate, bestDistance);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best === undefined ? undefined : byKey.get(best)!.code;
  };

  const suggest = (text: string): string[] => {
    const key = refKey(text);
    if (key === '') return [];
    const range = /^([A-Z]*)(\d+)-\1?(\d+)$/.exec(key);
    if (range) {
      const [, family, low, high] = range as unknown as [string, string, string, string];
      // Typed either way round: "CYP 3-1" is the same range as "CYP 1-3".
      const from = Math.min(Number(low), Number(high));
      const to = Math.max(Number(low), Number(high));
      if (from < to && to - from < MAX_RANGE_SUGGESTIONS) {
        const found: string[] = [];
        for (let n = from; n <= to; n++) {
          const hit = byKey.get(`${family}${n}`);
          if (hit) found.push(hit.code);
        }
        if (found.length > 0) return found;
      }
    }
    const family = familyOf(key);
    if (family === '') return (byNumber.get(key) ?? []).map((r) => r.code);
    const sameFamily = byFamily.get(family);
    const best = closest(key, sameFamily ?? allKeys);
    return best === undefined ? [] : [best];
  };

  return {
    codes: refs.map((r) => r.code),
    lookup: (text) => lookupEntry(text)?.code,
    entry: lookupEntry,
    suggest,
    nearest: (text) => suggest(text)[0],
  };
}

/** A whole cell (or item) that says there is no ref. */
const PLACEHOLDER = /^(n\s*\/\s*a|n\.?\s*a\.?|none|nil|no ref|no refs|not applicable|tbc|tba|tbd|x|[-–—]+|\.+|\?+)$/i;
/** "N/A" inside a longer cell, taken out before slashes split items. */
const PLACEHOLDER_IN_LINE = /(^|[\s,;])n\s*\/\s*a(?=$|[\s,;.])/gi;
/** A list marker at the start of a line or item: bullets, dashes, "1)", "2.", "a)", "(b)". */
const LIST_MARKER = /^(?:[•▪▫·‣◦●○■□◆◇►▸▹➢➤→✓✔*–—−-]+\s*|\(?(?:\d{1,2}|[A-Za-z])[.)]\s+)/;
/** Bullet characters glued to a word ("•SC7"). */
const LEADING_BULLETS = /^[•▪▫·‣◦●○■□◆◇►▸▹➢➤→✓✔*–—−]+/;
/** Items are separated by these; a prefix carries across all but a line break. */
const ITEM_SEPARATOR = /\s*(?:[,;|/&+]|\b(?:and|or)\b)\s*/i;
/** Words that are never a ref: leftover bullets and dashes, and the column's own words. */
const FILLER = /^([-–—.:]+|laa|refs?[.:]?)$/i;
const BARE_PREFIX = /^[A-Za-z][A-Za-z.]*$/;
const STARTS_NUMERIC = /^[0-9(]/;
const BARE_NUMBER = /^\d+(\.\d+)*$/;
/** The prefix of a ref as typed ("NI " of "NI 110", "SC" of "SC5.1"), for carrying. */
const TYPED_PREFIX = /^([A-Za-z][A-Za-z.]*[\s-]?)\d/;

export interface SplitRefs {
  /** Every ref in the cell, in order, once each: catalogue spelling where known, else as typed. */
  refs: string[];
  /** The subset of refs not in the catalogue, as typed. */
  unknown: string[];
}

/** A cell's text with invisible characters dropped and every kind of space made a space. */
export function cleanRefText(text: string): string {
  // Stryker disable next-line ConditionalExpression: equivalent, a speed shortcut: text that needs no cleaning comes out of the cleaning unchanged
  if (!NEEDS_CLEANING.test(text)) return text;
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(UNICODE_SPACE, ' ');
}

/** True when the whole cell says there is no ref ("N/A", "none", "-", "TBC"). */
export function isNoRefText(text: string): boolean {
  return PLACEHOLDER.test(cleanRefText(text).trim());
}

export function splitRefs(text: string, catalogue: RefCatalogue): SplitRefs {
  const refs: string[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  const cleaned = cleanRefText(text).trim();
  if (cleaned === '' || PLACEHOLDER.test(cleaned)) return { refs, unknown };
  // The prefix of the last ref read on this line, to carry to a bare number after a separator.
  const state: { carry: string | null } = { carry: null };
  const push = (ref: string, known: boolean) => {
    const key = refKey(ref);
    if (key === '') return;
    state.carry = TYPED_PREFIX.exec(ref)?.[1] ?? null;
    if (seen.has(key)) return;
    seen.add(key);
    refs.push(ref);
    if (!known) unknown.push(ref);
  };
  for (const rawLine of cleaned.split('\n')) {
    state.carry = null;
    const line = rawLine.replace(PLACEHOLDER_IN_LINE, '$1 ').trim().replace(LIST_MARKER, '');
    for (const item of line.split(ITEM_SEPARATOR)) {
      const body = item.trim().replace(LIST_MARKER, '');
      if (body === '' || PLACEHOLDER.test(body)) continue;
      const words: string[] = [];
      for (const raw of body.split(' ')) {
        const word = raw.replace(LEADING_BULLETS, '');
        if (word !== '' && !FILLER.test(word)) words.push(word);
      }
      if (words.length === 0) continue;
      // "111" after "NI 110/": the number of the same family.
      if (state.carry !== null && BARE_NUMBER.test(words[0]!)) words[0] = `${state.carry}${words[0]}`;
      readWords(words, catalogue, push);
    }
  }
  return { refs, unknown };
}

/** Reads the words of one item left to right, longest catalogue match first. */
function readWords(words: readonly string[], catalogue: RefCatalogue, push: (ref: string, known: boolean) => void): void {
  let i = 0;
  while (i < words.length) {
    let taken = 0;
    for (let len = Math.min(3, words.length - i); len >= 1; len--) {
      const hit = catalogue.lookup(len === 1 ? words[i]! : words.slice(i, i + len).join(''));
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
        push(word.replace(/^[.:]+|[.:]+$/g, ''), false);
        taken = 1;
      }
    }
    i += taken;
  }
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
      // Stryker disable next-line EqualityOperator: equivalent: an equal value leaves the minimum as it is
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= ceiling) return ceiling;
    previous = current;
  }
  return previous[b.length]!;
}
