/**
 * Sync as one use case: a district's parsed batch → canonical changes (the configuration's
 * outcome names, one change per row) → the store applies them whole or not at all → the answer.
 * The route (routes/sync.ts) only parses the request and sends what this returns.
 */
import {
  AppError,
  ErrorKind,
  getGridContext,
  type Change,
  type PartnershipConfig,
  type SyncRequest,
  type SyncResponse,
} from '../../shared';
import { createDistrictFindings } from './district-findings';
import type { SyncStore } from '../store/types';

export interface SyncCommand {
  /** The caller's own district (from its key). */
  district: string;
  /** The key id that makes the change, recorded in history. */
  who: string;
  /** Parsed, with a period the configuration knows. */
  request: SyncRequest;
}

export interface SyncAnswer {
  response: SyncResponse;
  /** True when the batchId was seen before and the stored answer is given again. */
  isReplay: boolean;
}

/** The configuration's name for each change's outcome, or a 400 naming every unknown one. */
export function canonicalOutcomes(changes: readonly Change[], config: PartnershipConfig): Change[] {
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

/** A batch names each row once: two changes to one row would make its history ambiguous. */
export function refuseRepeatedIds(changes: readonly Change[]): void {
  const seen = new Set<string>();
  for (const change of changes) {
    if (seen.has(change.id)) {
      throw new AppError(ErrorKind.badRequest, 'repeated-row-id', `Row ${change.id} appears twice in the batch; send one change per row. Nothing was stored.`, { id: change.id });
    }
    seen.add(change.id);
  }
}

/** Builds the use case over its dependencies; the returned function is called once per request. */
export function createApplySyncBatch(deps: { config: PartnershipConfig; store: SyncStore; now: () => Date }): (command: SyncCommand) => Promise<SyncAnswer> {
  // The rules over all the district's rows after each batch, redoing only what changed.
  const districtFindings = createDistrictFindings(deps.config);
  return async ({ district, who, request }) => {
    refuseRepeatedIds(request.changes);
    const changes = canonicalOutcomes(request.changes, deps.config);
    return deps.store.applyBatch(
      { period: request.period, district, batchId: request.batchId, changes, who, at: deps.now().toISOString() },
      districtFindings,
    );
  };
}
