import type { PartnershipConfig } from '../config/schema';
import { sortFindings, type Finding } from '../rules/rules';
import { validateRows } from '../rules/validate';
import { describeNoGrid, parseSheets, type SheetInput } from './parse-grid';
import type { GridRow } from './types';

export interface CheckedReturn {
  rows: GridRow[];
  findings: Finding[];
  sheetsWithGrid: string[];
  /** Every sheet in workbook order: the order findings are sorted by (sortFindings), for a caller adding its own. */
  sheetOrder?: string[];
  /**
   * Only when no sheet has a grid: why, for the refusal an officer reads — the likeliest
   * header row, the columns it lacks and the labels it could not place (describeNoGrid).
   */
  noGrid?: string;
}

/** What a check needs beyond the sheets and the configuration. */
export interface CheckOptions {
  /** The period the return is for (a period id, "2008-08"); by default the configuration's latest. */
  period?: string;
}

/**
 * A return read and checked: every sheet's rows, and the reader's and the rules' findings in
 * the order an officer works through them (missing LAA refs first). `extraFindings` are those a
 * caller found while making the cells plain (errors in cells). `options.period` is the
 * period the return is for, so LAA refs are checked against the codes in use then.
 * @throws AppError (unreadable-workbook, too-many-merges) for a sheet whose merged ranges are over the limits (applyMerges).
 */
export function checkReturn(
  sheets: readonly SheetInput[],
  config: PartnershipConfig,
  extraFindings: readonly Finding[] = [],
  options: CheckOptions = {},
): CheckedReturn {
  const parsed = parseSheets(sheets, config);
  const findings = [...extraFindings, ...parsed.findings, ...validateRows(parsed.rows, config, options)];
  const checked: CheckedReturn = { rows: parsed.rows, findings: sortFindings(findings, parsed.sheetOrder), sheetsWithGrid: parsed.sheetsWithGrid, sheetOrder: parsed.sheetOrder };
  if (parsed.sheetsWithGrid.length === 0) checked.noGrid = describeNoGrid(parsed);
  return checked;
}
