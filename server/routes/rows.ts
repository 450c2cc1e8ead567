import { Router } from 'express';
import { z } from 'zod';
import type { RowsResponse } from '../../shared';
import { allowedDistrict, getCaller } from '../auth/authenticate';
import type { AppDeps } from '../deps';
import { parseInput } from '../http/parse';
import { PeriodQuery, requireKnownPeriod } from './period';

export const MAX_ROWS_PAGE = 5000;

const RowsQuery = PeriodQuery.extend({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_ROWS_PAGE).optional(),
});

/**
 * GET /rows?period=[&district=][&offset=&limit=]: a district's own rows; the coordinator's:
 * every district's (or one). With `limit` (≤ 5,000) the answer is one page and says where the
 * next starts (`nextOffset`, null at the end); without it, every row as before.
 */
export function createRowsRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/rows', (req, res) => {
    const caller = getCaller(res);
    const query = parseInput(RowsQuery, req.query, 'query');
    const district = allowedDistrict(caller, query.district);
    const period = requireKnownPeriod(deps.config, query.period);
    if (query.limit === undefined && query.offset === undefined) {
      const body: RowsResponse = { rows: deps.store.listRows({ period, district }) };
      res.json(body);
      return;
    }
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 1000;
    // One more than asked tells whether a next page exists without counting the period.
    const rows = deps.store.listRowsPage({ period, district, offset, limit: limit + 1 });
    const hasMore = rows.length > limit;
    res.json({ rows: rows.slice(0, limit), offset, nextOffset: hasMore ? offset + limit : null });
  });
  return router;
}
