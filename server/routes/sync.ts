/**
 * POST /sync: a district's batch of row changes for one period. The route parses (size, JSON,
 * shape, period) and answers; the use case (server/sync/apply-sync-batch.ts) checks outcomes
 * and repeated ids before anything is stored, so a refused batch leaves the store as it was,
 * then applies the batch in one transaction.
 */
import express, { Router } from 'express';
import { AppError, ErrorKind, MAX_BATCH_CHANGES, SyncRequest } from '../../shared';
import { getCaller, requireDistrict } from '../auth/authenticate';
import type { AppDeps } from '../deps';
import { parseInput } from '../http/parse';
import { createInProcessSyncEngine } from '../sync/sync-engine';
import { requireKnownPeriod } from './period';

/** 500 changes of long rows still fit; anything bigger is not a batch an officer made. */
export const SYNC_BODY_LIMIT = '8mb';

export function createSyncRouter(deps: AppDeps): Router {
  const router = Router();
  const inProcess = createInProcessSyncEngine(deps);
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
    requireKnownPeriod(deps.config, request.period);
    const { response, isReplay } = await (deps.syncEngine ?? inProcess).apply({ district, who: caller.keyId, request });
    if (isReplay) res.setHeader('Idempotent-Replay', 'true');
    res.json(response);
  });
  return router;
}
