/**
 * An Aim cell as officers write it.
 * Rules:
 * - a leading code (letter + digit: "S1  Safe from…", "E4 Provision of…", "h1") gives the aim;
 *   the wording after it may be a local paraphrase and is kept as typed;
 * - otherwise the wording alone is matched to an aim's official wording or a configured alias;
 * - "(Ref: C2)" cross-references are collected apart and do not count as the aim.
 */
import type { GridContext } from './context';
import type { Outcome } from '../config/schema';

export interface ParsedAim {
  /** The aim code when the cell gives one (even one outside the configuration), else null. */
  code: string | null;
  /** True when the code is an aim of the configuration. */
  isKnown: boolean;
  /** Cross-referenced aim codes, e.g. ["C2"]. */
  crossRefs: string[];
}

const CROSS_REF = /\(\s*ref\s*[:.]?\s*([A-Za-z]\s*\d)\s*\)/gi;
const LEADING_CODE = /^([A-Za-z])\s?(\d)(?![\d.])/;

export function parseAim(text: string, outcome: Outcome | undefined, context: GridContext): ParsedAim {
  const crossRefs: string[] = [];
  const body = text
    .replace(CROSS_REF, (_, code: string) => {
      crossRefs.push(code.replace(/\s/g, '').toUpperCase());
      return ' ';
    })
    .trim();
  if (body === '') return { code: null, isKnown: false, crossRefs };
  const lead = LEADING_CODE.exec(body);
  if (lead) {
    const code = `${lead[1]!.toUpperCase()}${lead[2]}`;
    return { code, isKnown: context.aimByCode(code) !== undefined, crossRefs };
  }
  const byWording = context.aimByWording(body, outcome);
  if (byWording) return { code: byWording.aim.code, isKnown: true, crossRefs };
  return { code: null, isKnown: false, crossRefs };
}
