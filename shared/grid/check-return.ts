import type { PartnershipConfig } from '../config/schema';
import { sortFindings, type Finding } from '../rules/rules';
import { validateRows } from '../rules/validate';
import { parseSheets, type SheetInput } from './parse-grid';
import type { GridRow } from './types';

export interface CheckedReturn {
  rows: GridRow[];
  findings: Finding[];
  sheetsWithGrid: string[];
}

/**
 * A return read and checked: every sheet's rows, and the reader's and the rules' findings in
 * the order an officer works through them (missing LAA refs first). `extraFindings` are those a
 * caller found while making the cells plain (errors in cells).
 */
export function checkReturn(
  sheets: readonly SheetInput[],
  config: PartnershipConfig,
  extraFindings: readonly Finding[] = [],
): CheckedReturn {
  const parsed = parseSheets(sheets, config);
  const findings = [...extraFindings, ...parsed.findings, ...validateRows(parsed.rows, config)];
  return { rows: parsed.rows, findings: sortFindings(findings, parsed.sheetOrder), sheetsWithGrid: parsed.sheetsWithGrid };
}
