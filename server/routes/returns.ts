/**
 * POST /returns?period=&dryRun=: an officer without the add-in uploads the return workbook.
 * The reader (server/workbook/, with its zip guards and a worker with memory and time limits)
 * turns it into rows; the store matches them to the district's rows by outcome + action so
 * history stays continuous, and marks rows no longer in the workbook deleted.
 * Refused before anything is stored: not a workbook, no grid or no rows in it (storing nothing
 * would delete every row), a row without a known outcome, a cell over the limit.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import {
  AppError,
  ErrorKind,
  MAX_CELL_TEXT,
  PeriodId,
  payloadFromGridRow,
  isAppError,
  makeFinding,
  type CheckedReturn,
  type Finding,
  type GridRow,
  type PartnershipConfig,
} from '../../shared';
import { getCaller, requireDistrict } from '../auth/authenticate';
import type { AppDeps } from '../deps';
import { parseInput } from '../http/parse';
import type { UploadRow } from '../store/types';
import { requireKnownPeriod } from './period';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A 7-district return is tens of kilobytes; 10 MB leaves room for pictures and formatting. */
export const UPLOAD_LIMIT = '10mb';

const ReturnsQuery = z.object({
  period: PeriodId,
  dryRun: z.enum(['1', '0', 'true', 'false'], { message: 'dryRun is 1 or 0' }).optional(),
});

async function readUpload(deps: AppDeps, data: Uint8Array, period: string): Promise<CheckedReturn> {
  try {
    return await deps.readWorkbook(data, deps.config, period);
  } catch (error) {
    if (isAppError(error)) throw error;
    deps.logger.warn({ err: error }, 'workbook reader failed');
    throw new AppError(ErrorKind.unreadableWorkbook, 'unreadable-workbook', 'This file could not be read as an Excel workbook (.xlsx). Save it from Excel as "Excel Workbook" and upload it again.');
  }
}

/** A finding for a refused row the reader's findings did not already name. */
function fallbackFinding(row: GridRow, config: PartnershipConfig): Finding {
  const where = { sheet: row.sheet, cell: row.cells.action ?? row.cells.outcome ?? '', rowId: row.id };
  if (row.outcome === null) {
    return row.outcomeText === ''
      ? makeFinding('missing-outcome', where, { row: row.row })
      : makeFinding('unknown-outcome', where, { text: row.outcomeText.slice(0, 80), outcomes: config.outcomes.map((o) => o.name).join(', ') });
  }
  const length = Math.max(row.aim.length, row.action.length, row.update.length, row.laaRefsText.length);
  return makeFinding('text-too-long', where, { length, limit: MAX_CELL_TEXT });
}

/** The rows to store, or a 400 listing what stops them being stored (with the reader's findings). */
function toUploadRows(checked: CheckedReturn, config: PartnershipConfig): UploadRow[] {
  const problems: Finding[] = [];
  const rows: UploadRow[] = [];
  for (const row of checked.rows) {
    if (row.action === '' && row.update === '') continue;
    const parsed = payloadFromGridRow(row);
    if (row.outcome === null || !parsed.success) {
      const own = checked.findings.filter(
        (f) => f.sheet === row.sheet && /\d+$/.exec(f.cell)?.[0] === String(row.row) && f.severity === 'error',
      );
      if (own.length > 0) problems.push(...own);
      else problems.push(fallbackFinding(row, config));
      continue;
    }
    rows.push({ id: row.id, row: parsed.data });
  }
  if (problems.length > 0) {
    const where = problems.slice(0, 3).map((f) => `${f.sheet}!${f.cell}: ${f.message}`).join(' ');
    throw new AppError(ErrorKind.badRequest, 'rows-not-storable', `Some rows cannot be stored until they are fixed. ${where} Nothing was stored.`, { findings: problems.slice(0, 200) });
  }
  return rows;
}

export function createReturnsRouter(deps: AppDeps): Router {
  const router = Router();
  router.post('/returns', express.raw({ type: XLSX_TYPE, limit: UPLOAD_LIMIT }), async (req, res) => {
    const caller = getCaller(res);
    const district = requireDistrict(caller, 'upload a return');
    const query = parseInput(ReturnsQuery, req.query, 'query');
    const period = requireKnownPeriod(deps.config, query.period);
    if (!req.is(XLSX_TYPE) || !Buffer.isBuffer(req.body)) {
      throw new AppError(ErrorKind.unsupportedMediaType, 'xlsx-required', `Send the workbook itself as the body with "Content-Type: ${XLSX_TYPE}".`);
    }
    if (req.body.length === 0) {
      throw new AppError(ErrorKind.badRequest, 'empty-upload', 'The upload is empty. Send the .xlsx file as the request body.');
    }
    const checked = await readUpload(deps, new Uint8Array(req.body), period);
    if (checked.sheetsWithGrid.length === 0) {
      throw new AppError(ErrorKind.unreadableWorkbook, 'no-grid', 'No sheet in this workbook has the return grid (a header row with Outcome, Aim, LAA Ref, Actions and District Update). Nothing was stored.', {
        findings: checked.findings.slice(0, 50),
      });
    }
    const rows = toUploadRows(checked, deps.config);
    if (rows.length === 0) {
      throw new AppError(ErrorKind.badRequest, 'empty-return', 'The grid has no action rows. Nothing was stored: an empty upload would delete all of your rows for the period. Delete rows in the workbook and upload the rest instead.');
    }
    const isDryRun = query.dryRun === '1' || query.dryRun === 'true';
    const result = deps.store.applyUpload({ period, district, rows, who: caller.keyId, at: deps.now().toISOString(), dryRun: isDryRun });
    res.json({
      dryRun: isDryRun,
      rows: result.rows,
      findings: checked.findings,
      summary: { inserted: result.inserted, updated: result.updated, deleted: result.deleted, unchanged: result.unchanged },
    });
  });
  return router;
}
