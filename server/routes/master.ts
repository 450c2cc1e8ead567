/**
 * The coordinator's routes (mounted under /api/v1, after authentication):
 * - GET /master.xlsx?period= — the master workbook for the board, named for partnership and period;
 * - GET /master/status?period= — per district: rows, last sync, findings, missing LAA refs.
 * Both are the coordinator's alone: a district key gets 403. Both read the same stored rows
 * and the same merge, so the page and the download agree.
 */
import { Router } from 'express';
import { AppError, ErrorKind } from '../../shared';
import { buildMasterStatus, districtReturnsFromStored, type DistrictReturn } from '../../shared/merge';
import { getCaller } from '../auth/authenticate';
import type { AppDeps, Caller } from '../deps';
import { parseInput } from '../http/parse';
import { renderMasterInWorker } from '../workbook/render-master';
import { formatMasterFileName } from '../workbook/write-master';
import { PeriodQuery, requireKnownPeriod } from './period';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MasterQuery = PeriodQuery.pick({ period: true });

function requireCoordinator(caller: Caller, what: string): void {
  if (caller.role !== 'coordinator') {
    throw new AppError(ErrorKind.forbidden, 'coordinator-key-required', `Only the coordinator's key can ${what}.`);
  }
}

export function createMasterRouter(deps: AppDeps): Router {
  const router = Router();

  const readPeriod = (query: unknown): { period: string; districts: DistrictReturn[] } => {
    const period = requireKnownPeriod(deps.config, parseInput(MasterQuery, query, 'query').period);
    const districts = districtReturnsFromStored(
      deps.store.listRows({ period }),
      deps.store.districtActivity(period),
      deps.config,
    );
    return { period, districts };
  };

  router.get('/master.xlsx', async (req, res) => {
    requireCoordinator(getCaller(res), 'download the master workbook');
    const period = requireKnownPeriod(deps.config, parseInput(MasterQuery, req.query, 'query').period);
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

  router.get('/master/status', (req, res) => {
    requireCoordinator(getCaller(res), "see every district's status");
    const { period, districts } = readPeriod(req.query);
    res.set('cache-control', 'no-store');
    res.json(buildMasterStatus({ period, districts, now: deps.now() }, deps.config));
  });

  return router;
}
