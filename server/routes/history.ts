import { Router } from 'express';
import { AppError, ErrorKind, RowId } from '../../shared';
import { allowedDistrict, getCaller } from '../auth/authenticate';
import type { AppDeps } from '../deps';
import { parseInput } from '../http/parse';
import { PeriodQuery, requireKnownPeriod } from './period';

/** GET /rows/:id/history?period=: every change to the row, oldest first, with who, when, before and after. */
export function createHistoryRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/rows/:id/history', (req, res) => {
    const caller = getCaller(res);
    const id = parseInput(RowId, req.params.id, 'row id');
    const query = parseInput(PeriodQuery, req.query, 'query');
    const district = allowedDistrict(caller, query.district);
    const period = requireKnownPeriod(deps.config, query.period);
    const history = deps.store.rowHistory({ period, id, district });
    if (history.length === 0) {
      throw new AppError(ErrorKind.notFound, 'row-not-found', `No row ${id} in period ${period}${district ? ` for ${district}` : ''}.`);
    }
    res.json({ id, period, history });
  });
  return router;
}
