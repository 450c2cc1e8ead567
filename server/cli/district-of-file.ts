/**
 * Which district a return file comes from, for `merge FOLDER`, in order:
 * 1. the file name: a district's code, one of its tags (NWL for NWLDC, DOMAIN.md), its council's
 *    name or the first word of it as officers shorten it, as whole words (`HBBC march.xlsx`,
 *    `NWL return.xlsx`, `Blaby District Council.xlsx`, `hinckley.xlsx`);
 * 2. the cells: the tags officers put in their update text (`(NWL)`, `- NWLDC`) or the council's
 *    name in a cell, when they name one district only.
 * Null when neither names exactly one district: the caller asks for CODE=FILE instead.
 */
import { comparisonKey, type CheckedReturn, type PartnershipConfig } from '../../shared';

const COMPASS = new Set(['north', 'south', 'east', 'west', 'central']);

function words(text: string): string[] {
  return text.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
}

/** The districts a text names, by code, tag or council name (without "District/Borough Council"). */
function districtsNamedIn(text: string, config: PartnershipConfig): Set<string> {
  const found = new Set<string>();
  const tokens = new Set(words(text));
  const key = ` ${comparisonKey(text)} `;
  for (const district of config.districts) {
    if ([district.code, ...district.tags].some((tag) => tokens.has(tag.toUpperCase()))) found.add(district.code);
    const place = comparisonKey(district.name.replace(/\b(borough|district|city)?\s*council\b/i, ''));
    if (place.length >= 4 && key.includes(` ${place} `)) found.add(district.code);
    // "Hinckley", "Oadby": the first word, unless it is a compass point ("North West ...").
    const first = place.split(' ')[0] ?? '';
    if (first.length >= 5 && !COMPASS.has(first) && key.includes(` ${first} `)) found.add(district.code);
  }
  return found;
}

export function districtFromFileName(fileName: string, config: PartnershipConfig): string | null {
  const found = districtsNamedIn(fileName.replace(/\.xlsx$/i, ''), config);
  return found.size === 1 ? [...found][0]! : null;
}

export function districtFromCells(checked: CheckedReturn, config: PartnershipConfig): string | null {
  const found = new Set<string>();
  for (const row of checked.rows) {
    for (const code of districtsNamedIn(row.update, config)) found.add(code);
  }
  return found.size === 1 ? [...found][0]! : null;
}
