/**
 * Sync as one use case: a district's parsed batch → canonical changes (the configuration's
 * outcome names, one change per row) → the store applies them whole or not at all → the answer.
 * The route (routes/sync.ts) only parses the request and sends what this returns.
 */
import { createHash } from 'node:crypto';
import {
  AppError,
  DEFAULT_QUOTAS,
  ErrorKind,
  getGridContext,
  type Change,
  type PartnershipConfig,
  type SyncRequest,
  type SyncResponse,
} from '../../shared';
import { createLiveDistrictFindings } from './district-findings';
import { previousRowsOf } from './previous-rows';
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
    // Already the configuration's name (what the add-in sends): the change as it is, not a copy.
    return outcome.name === change.row.outcome ? change : { ...change, row: { ...change.row, outcome: outcome.name } };
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

/** The characters of a row's text, as the quota counts them. */
function rowCharacters(change: Change): number {
  if ('deleted' in change) return 0;
  const row = change.row;
  return row.outcome.length + row.aim.length + row.action.length + row.update.length + row.laaRefs.reduce((n, ref) => n + ref.length, 0);
}

/** 413 for a row longer than the configuration's charactersPerRow. */
export function refuseLongRows(changes: readonly Change[], limit: number): void {
  for (const change of changes) {
    const characters = rowCharacters(change);
    if (characters > limit) {
      throw new AppError(ErrorKind.tooLarge, 'quota-row-characters', `Row ${change.id} holds ${characters} characters of text; a row may hold ${limit}. Nothing was stored. Shorten its update or split the action.`, {
        id: change.id,
        limit,
        characters,
      });
    }
  }
}

/**
 * SHA-256 (hex) of the batch as it will be applied: the period and the changes after parsing
 * (text cleaned, ids lower-cased) and canonicalising (outcome names). Property order is the
 * schema's, so two sends of the same batch give the same digest whatever the client's spacing.
 */
export function digestBatch(period: string, changes: readonly Change[]): string {
  return createHash('sha256').update(JSON.stringify({ period, changes })).digest('hex');
}

/**
 * A batch checked and made canonical, ready to apply: what crosses to the sync worker. Every
 * refusal that needs no stored row (repeated ids, a row over charactersPerRow, an unknown
 * outcome) is made before this exists, so a refused batch never reaches the store.
 */
export interface PreparedBatch {
  district: string;
  who: string;
  period: string;
  batchId: string;
  /** The changes with the configuration's outcome names. */
  changes: Change[];
  /** digestBatch(period, changes). */
  digest: string;
  /** The district's quotas for the period (the configuration's, over DEFAULT_QUOTAS). */
  quotas: { rowsPerPeriod: number; charactersPerPeriod: number };
}

/** Checks and canonicalises a parsed batch; throws the AppError (400, 413) that refuses it whole. */
export function prepareSyncBatch({ district, who, request }: SyncCommand, config: PartnershipConfig): PreparedBatch {
  const quotas = { ...DEFAULT_QUOTAS, ...config.quotas };
  refuseRepeatedIds(request.changes);
  refuseLongRows(request.changes, quotas.charactersPerRow);
  const changes = canonicalOutcomes(request.changes, config);
  return {
    district,
    who,
    period: request.period,
    batchId: request.batchId,
    changes,
    digest: digestBatch(request.period, changes),
    quotas: { rowsPerPeriod: quotas.rowsPerPeriod, charactersPerPeriod: quotas.charactersPerPeriod },
  };
}

/**
 * Applies prepared batches through `deps.store` and answers with the findings of each batch's
 * rows; the returned function is called once per batch. `deps.config` is read on every call (the
 * coordinator's page changes the catalogue).
 */
export function createApplyPreparedBatch(deps: { config: PartnershipConfig; store: SyncStore; now: () => Date }): (batch: PreparedBatch) => Promise<SyncAnswer> {
  // The rules over the district's rows, each row checked once until it changes (or the
  // coordinator changes the catalogue).
  const districtFindings = createLiveDistrictFindings(() => deps.config);
  return async (batch) => {
    const { response, isReplay } = await deps.store.applyBatch({
      period: batch.period,
      district: batch.district,
      batchId: batch.batchId,
      digest: batch.digest,
      changes: batch.changes,
      who: batch.who,
      at: deps.now().toISOString(),
      quotas: batch.quotas,
    });
    // After the commit, outside the write transaction: the findings of the batch's rows (and
    // rows sharing their action) as the district's rows stand now. The district's full list is
    // GET /findings, paged.
    const ids = new Set(batch.changes.map((change) => change.id));
    // With an update repeated from the previous period (update-unchanged), as the master will see it.
    const previous = previousRowsOf(deps.store, deps.config, batch.period, batch.district);
    const findings = districtFindings.ofRows(deps.store.liveRowsSharingAction(batch.period, batch.district, ids), ids, batch.period, previous);
    return { response: { ...response, findings }, isReplay };
  };
}

/** The whole use case on the calling thread: prepare, then apply. */
export function createApplySyncBatch(deps: { config: PartnershipConfig; store: SyncStore; now: () => Date }): (command: SyncCommand) => Promise<SyncAnswer> {
  const applyPrepared = createApplyPreparedBatch(deps);
  return async (command) => applyPrepared(prepareSyncBatch(command, deps.config));
}
