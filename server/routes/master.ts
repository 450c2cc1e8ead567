/**
 * The coordinator's routes (mounted under /api/v1, after authentication):
 * - GET /master.xlsx?period= — the master workbook for the board, named for partnership and period;
 * - GET /master/status?period= — per district: rows, last sync, findings, missing LAA refs.
 * Both are the coordinator's alone: a district key gets 403. Both read the same stored rows
 * and the same merge, so the page and the download agree.
 */
import { Router } from 'express';
import { AppError, ErrorKind } from '../../shared';
import type { MasterStatus } from '../../shared/merge';
import { getCaller } from '../auth/authenticate';
import type { AppDeps, Caller } from '../deps';
import { parseInput } from '../http/parse';
import { buildMasterStatusInWorker, renderMasterInWorker } from '../workbook/render-master';
import { formatMasterFileName } from '../workbook/write-master';
import { PeriodQuery, requireKnownPeriod } from './period';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MasterQuery = PeriodQuery.pick({ period: true });
/**
 * The master is refused past this many live rows in a period: 80,000 rows took 63 s and 6.5 GB
 * to render; a partnership's real master is a few hundred rows.
 */
export const MAX_MASTER_ROWS = 50_000;

function requireCoordinator(caller: Caller, what: string): void {
  if (caller.role !== 'coordinator') {
    throw new AppError(ErrorKind.forbidden, 'coordinator-key-required', `Only the coordinator's key can ${what}.`);
  }
}

export function createMasterRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/master.xlsx', async (req, res) => {
    requireCoordinator(getCaller(res), 'download the master workbook');
    const period = requireKnownPeriod(deps.config, parseInput(MasterQuery, req.query, 'query').period);
    const rows = deps.store.districtActivity(period).reduce((sum, d) => sum + d.rows, 0);
    if (rows > MAX_MASTER_ROWS) {
      throw new AppError(ErrorKind.tooLarge, 'master-too-large', `Period ${period} has ${rows} rows; the master workbook is made for at most ${MAX_MASTER_ROWS}. Ask the districts with the most rows to delete the ones the board does not need.`, {
        rows,
        limit: MAX_MASTER_ROWS,
      });
    }
    // Read, checked, merged and rendered whole in a worker before sending: the districts' syncs
    // carry on meanwhile, and a failure is a clean error response, not a cut file.
    const body = await renderMasterInWorker({ databaseFile: deps.store.file, period, now: deps.now() }, deps.config);
    res.set({
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename="${formatMasterFileName(deps.config.partnership.name, period)}"`,
      'cache-control': 'no-store',
    });
    res.send(body);
  });

  router.get('/master/status', async (req, res) => {
    requireCoordinator(getCaller(res), "see every district's status");
    const period = requireKnownPeriod(deps.config, parseInput(MasterQuery, req.query, 'query').period);
    // In a worker: 60,000 rows took seconds on the event loop, holding every district's sync.
    const status = await buildMasterStatusInWorker<MasterStatus>({ databaseFile: deps.store.file, period, now: deps.now() }, deps.config);
    res.set('cache-control', 'no-store');
    res.json(status);
  });

  return router;
}
