/**
 * POST /returns?period=&dryRun=&confirm=: an officer without the add-in uploads the return workbook.
 * The reader (server/workbook/, with its zip guards and a worker with memory and time limits)
 * turns it into rows; the store plans the upload three ways (server/store/upload-plan.ts) against
 * the district's stored rows and what its workbook last had, so no newer edit is lost:
 * - additions and changes only the workbook made are applied;
 * - a row the service changed since (the add-in, another upload) is a conflict, listed, not applied;
 * - rows the workbook no longer has are listed and deleted only with `confirm=1`;
 * - `dryRun=1` answers with the plan and stores nothing.
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
  gridRowFromPayload,
  sortFindings,
  type CheckedReturn,
  type Finding,
  type GridRow,
  type PartnershipConfig,
  type RowPayload,
  type UploadAnswer,
  type UploadPlan,
} from '../../shared';
import { getCaller, requireDistrict } from '../auth/authenticate';
import type { AppDeps } from '../deps';
import { parseInput } from '../http/parse';
import type { UploadRow } from '../store/types';
import type { PlanEntry } from '../store/upload-plan';
import { formatMyReturnFileName, LISTS_SHEET, writeMyReturn, type MyReturnRow } from '../workbook/my-return';
import { PeriodQuery, requireKnownPeriod } from './period';
import { findUnchangedUpdates, indexPreviousUpdates } from '../../shared/merge';
import { previousRowsOf } from '../sync/previous-rows';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A 7-district return is tens of kilobytes; 10 MB leaves room for pictures and formatting. */
export const UPLOAD_LIMIT = '10mb';

const ReturnsQuery = z.object({
  period: PeriodId,
  dryRun: z.enum(['1', '0', 'true', 'false'], { message: 'dryRun is 1 or 0' }).optional(),
  confirm: z.enum(['1', '0', 'true', 'false'], { message: 'confirm is 1 or 0' }).optional(),
});

const isYes = (flag: string | undefined) => flag === '1' || flag === 'true';

/** Where a plan row sits in the workbook, e.g. `Return, row 7`, when it came from the workbook. */
function whereIn(row: RowPayload | null): string | null {
  return row?.sheet !== undefined && row.rowNumber !== undefined ? `${row.sheet}, row ${row.rowNumber}` : null;
}

/** The plan as the officer reads it: each row named by its outcome and action. */
export function describePlan(plan: readonly PlanEntry[]): UploadPlan {
  const out: UploadPlan = { add: [], change: [], leave: [], delete: [], conflicts: [] };
  const named = (id: string, row: RowPayload, at: RowPayload | null) => ({ id, outcome: row.outcome, action: row.action, where: whereIn(at), fields: [] });
  for (const entry of plan) {
    switch (entry.kind) {
      case 'add':
        out.add.push(named(entry.id, entry.row, entry.row));
        break;
      case 'change':
        out.change.push({ ...named(entry.existing.id, entry.incoming, entry.incoming), fields: entry.fields });
        break;
      case 'leave':
        out.leave.push(named(entry.existing.id, entry.incoming, entry.incoming));
        break;
      case 'delete':
        out.delete.push(named(entry.existing.id, entry.existing.row, null));
        break;
      case 'conflict':
        out.conflicts.push({
          ...named(entry.existing.id, entry.incoming ?? entry.existing.row, entry.incoming),
          fields: entry.fields,
          reason: entry.reason,
          service: entry.existing.deleted ? null : entry.existing.row,
          workbook: entry.incoming,
        });
        break;
    }
  }
  return out;
}

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

/**
 * The rows "my return" holds: the district's live rows for the period; for a period where it has
 * none yet, last period's actions carried over with their updates and status cleared (they have
 * no row id: the first upload adds them, matched by outcome + action from then on).
 */
function myReturnRows(deps: AppDeps, period: string, district: string): { rows: MyReturnRow[]; carriedFrom: string | null } {
  const own = deps.store.listRows({ period, district });
  if (own.length > 0) return { rows: own.map((r) => ({ id: r.id, row: r.row })), carriedFrom: null };
  const earlier = deps.config.periods.filter((p) => p.id < period).sort((a, b) => b.id.localeCompare(a.id))[0];
  if (!earlier) return { rows: [], carriedFrom: null };
  const carried = deps.store.listRows({ period: earlier.id, district });
  return {
    rows: carried.map((r) => ({ id: null, row: { ...r.row, update: '', status: null } })),
    carriedFrom: carried.length > 0 ? earlier.label : null,
  };
}

export function createReturnsRouter(deps: AppDeps): Router {
  const router = Router();
  /** GET /returns/my-return.xlsx?period=: the district's return as a workbook to fill in (server/workbook/my-return.ts). */
  router.get('/returns/my-return.xlsx', async (req, res) => {
    const caller = getCaller(res);
    const district = requireDistrict(caller, 'download its return');
    const period = requireKnownPeriod(deps.config, parseInput(PeriodQuery.pick({ period: true }), req.query, 'query').period);
    const { rows, carriedFrom } = myReturnRows(deps, period, district);
    const entry = deps.config.periods.find((p) => p.id === period)!;
    const name = deps.config.districts.find((d) => d.code === district)?.name ?? district;
    const file = await writeMyReturn({ config: deps.config, district: { code: district, name }, period: entry, rows, carriedFrom });
    // The workbook now holds these rows: the base its upload is merged against.
    const base = new Map(rows.flatMap((r) => (r.id === null ? [] : [[r.id, r.row] as const])));
    deps.store.recordWorkbookBase({ period, district, rows: base, at: deps.now().toISOString() });
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="${formatMyReturnFileName(district, period)}"`);
    res.send(file);
  });

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
    const read = await readUpload(deps, new Uint8Array(req.body), period);
    // My return's very hidden lists sheet is ours, not the officer's: "not read" would only puzzle.
    const own = read.findings.filter((f) => !((f.rule === 'no-grid' || f.rule === 'hidden-sheet') && f.sheet === LISTS_SHEET));
    // Updates repeated from the district's previous period, as the master will leave them out of the board's copy.
    const previous = previousRowsOf(deps.store, deps.config, period, district);
    const unchanged = previous
      ? findUnchangedUpdates(read.rows, indexPreviousUpdates(previous.rows.map((stored) => gridRowFromPayload(stored.row, stored.id, deps.config))), {
          district,
          previousPeriod: previous.periodLabel,
        })
      : [];
    const checked = { ...read, findings: unchanged.length === 0 ? own : sortFindings([...own, ...unchanged], read.sheetOrder) };
    if (checked.sheetsWithGrid.length === 0) {
      throw new AppError(ErrorKind.unreadableWorkbook, 'no-grid', 'No sheet in this workbook has the return grid (a header row with Outcome, Aim, LAA Ref, Actions and District Update). Nothing was stored.', {
        findings: checked.findings.slice(0, 50),
      });
    }
    const rows = toUploadRows(checked, deps.config);
    if (rows.length === 0) {
      throw new AppError(ErrorKind.badRequest, 'empty-return', 'The grid has no action rows. Nothing was stored: an empty upload would delete all of your rows for the period. Delete rows in the workbook and upload the rest instead.');
    }
    const isDryRun = isYes(query.dryRun);
    const isConfirmed = isYes(query.confirm);
    const result = deps.store.applyUpload({ period, district, rows, who: caller.keyId, at: deps.now().toISOString(), dryRun: isDryRun, confirm: isConfirmed });
    const plan = describePlan(result.plan);
    const answer: UploadAnswer = {
      dryRun: isDryRun,
      confirmed: isConfirmed,
      rows: result.rows,
      findings: checked.findings,
      plan,
      summary: {
        inserted: result.inserted,
        updated: result.updated,
        deleted: result.deleted,
        unchanged: result.unchanged,
        conflicts: plan.conflicts.length,
        notDeleted: isConfirmed ? 0 : plan.delete.length,
      },
    };
    res.json(answer);
  });
  return router;
}
