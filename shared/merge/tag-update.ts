/**
 * The district's tag on its update paragraph, as the board reads it: "… being developed (HBBC)."
 * Rules:
 * - a paragraph already ending with one of the district's tags is left alone: "(HBBC)",
 *   "- NWLDC", "– NWL", "(NWL)." — the code and the configured `tags`, any case;
 * - otherwise " (CODE)" goes before a final full stop, or at the end when there is none;
 * - so tagging is idempotent: a tagged paragraph stays as it is.
 */
import type { District } from '../config/schema';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A tagger for one district; build it once and apply it to each of its paragraphs. */
export function createTagger(district: Pick<District, 'code' | 'tags'>): (text: string) => string {
  const names = [district.code, ...district.tags].map(escape).join('|');
  const tagged = new RegExp(`(?:\\(\\s*(?:${names})\\s*\\)|[-\u2013\u2014]\\s*(?:${names}))\\s*[.!]?\\s*$`, 'i');
  return (text) => {
    const trimmed = text.trimEnd();
    if (trimmed === '' || tagged.test(trimmed)) return trimmed;
    if (trimmed.endsWith('.')) return `${trimmed.slice(0, -1)} (${district.code}).`;
    return `${trimmed} (${district.code})`;
  };
}

/** Tags one paragraph; for one-off use (createTagger when tagging many). */
export function tagUpdate(text: string, district: Pick<District, 'code' | 'tags'>): string {
  return createTagger(district)(text);
}
