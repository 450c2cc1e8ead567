/**
 * POST /sync: a district's batch of row changes for one period. Checks run before anything is
 * stored (size, shape, period, outcomes, repeated ids), so a refused batch leaves the store as
 * it was; then the store applies the batch in one transaction (see sqlite-store.ts).
 */
import express, { Router } from 'express';
import {
  AppError,
  ErrorKind,
  MAX_BATCH_CHANGES,
  SyncRequest,
  getGridContext,
  type Change,
  type PartnershipConfig,
} from '../../shared';
import { getCaller, requireDistrict } from '../auth/authenticate';
import type { AppDeps } from '../deps';
import { parseInput } from '../http/parse';
import { createDistrictFindings } from './district-findings';
import { requireKnownPeriod } from './period';

/** 500 changes of long rows still fit; anything bigger is not a batch an officer made. */
export const SYNC_BODY_LIMIT = '8mb';

/** The configuration's name for each change's outcome, or a 400 naming every unknown one. */
function canonicalOutcomes(changes: readonly Change[], config: PartnershipConfig): Change[] {
  const context = getGridContext(config);
  const unknown: { index: number; id: string; outcome: string }[] = [];
  const result = changes.map((change, index) => {
    if ('deleted' in change) return change;
    const outcome = context.matchOutcome(change.row.outcome);
    if (!outcome) {
      unknown.push({ index, id: change.id, outcome: change.row.outcome });
      return change;
    }
    return { ...change, row: { ...change.row, outcome: outcome.name } };
  });
  if (unknown.length > 0) {
    const names = config.outcomes.map((o) => o.name).join(', ');
    const first = unknown[0] as { outcome: string };
    throw new AppError(
      ErrorKind.badRequest,
      'unknown-outcome',
      `"${first.outcome.slice(0, 80)}" is not an Every Child Matters outcome${unknown.length > 1 ? ` (and ${unknown.length - 1} more rows)` : ''}. Use one of: ${names}. Nothing was stored.`,
      { rows: unknown.slice(0, 20) },
    );
  }
  return result;
}

function refuseRepeatedIds(changes: readonly Change[]): void {
  const seen = new Set<string>();
  for (const change of changes) {
    if (seen.has(change.id)) {
      throw new AppError(ErrorKind.badRequest, 'repeated-row-id', `Row ${change.id} appears twice in the batch; send one change per row. Nothing was stored.`, { id: change.id });
    }
    seen.add(change.id);
  }
}

export function createSyncRouter(deps: AppDeps): Router {
  const router = Router();
  // The rules over all the district's rows after each batch, redoing only what changed.
  const districtFindings = createDistrictFindings(deps.config);
  router.post('/sync', express.json({ limit: SYNC_BODY_LIMIT }), async (req, res) => {
    const caller = getCaller(res);
    const district = requireDistrict(caller, 'sync rows');
    if (!req.is('application/json')) {
      throw new AppError(ErrorKind.unsupportedMediaType, 'json-required', 'Send the batch as JSON with "Content-Type: application/json".');
    }
    const body: unknown = req.body;
    const changes = (body as { changes?: unknown } | null)?.changes;
    if (Array.isArray(changes) && changes.length > MAX_BATCH_CHANGES) {
      throw new AppError(ErrorKind.tooLarge, 'batch-too-large', `A batch holds at most ${MAX_BATCH_CHANGES} changes; this one has ${changes.length}. Split it. Nothing was stored.`, {
        limit: MAX_BATCH_CHANGES,
        changes: changes.length,
      });
    }
    const request = parseInput(SyncRequest, body, 'sync batch');
    const period = requireKnownPeriod(deps.config, request.period);
    refuseRepeatedIds(request.changes);
    const checked = canonicalOutcomes(request.changes, deps.config);
    const { response, isReplay } = await deps.store.applySyncBatch(
      { period, district, batchId: request.batchId, changes: checked, who: caller.keyId, at: deps.now().toISOString() },
      (rows) => districtFindings(rows, period),
    );
    if (isReplay) res.setHeader('Idempotent-Replay', 'true');
    res.json(response);
  });
  return router;
}
