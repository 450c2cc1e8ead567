import { Router } from 'express';
import type { RowsResponse } from '../../shared';
import { allowedDistrict, getCaller } from '../auth/authenticate';
import type { AppDeps } from '../deps';
import { parseInput } from '../http/parse';
import { PeriodQuery, requireKnownPeriod } from './period';

/** GET /rows?period=[&district=]: a district's own rows; the coordinator's: every district's (or one). */
export function createRowsRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/rows', (req, res) => {
    const caller = getCaller(res);
    const query = parseInput(PeriodQuery, req.query, 'query');
    const district = allowedDistrict(caller, query.district);
    const period = requireKnownPeriod(deps.config, query.period);
    const body: RowsResponse = { rows: deps.store.listRows({ period, district }) };
    res.json(body);
  });
  return router;
}
