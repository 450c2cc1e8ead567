/**
 * GET /findings?period=[&district=][&offset=0&limit=500]: every finding of a district's rows
 * for a period (with updates repeated from the previous period, update-unchanged), sorted as
 * the add-in lists them, a page at a time. A sync answer carries only
 * the findings of its own rows; this is the full list. A district key reads its own district;
 * the coordinator names one.
 */
import { Router } from 'express';
import { z } from 'zod';
import { AppError, ErrorKind } from '../../shared';
import { allowedDistrict, getCaller } from '../auth/authenticate';
import type { AppDeps } from '../deps';
import { parseInput } from '../http/parse';
import { createLiveDistrictFindings } from '../sync/district-findings';
import { previousRowsOf } from '../sync/previous-rows';
import { PeriodQuery, requireKnownPeriod } from './period';

export const MAX_FINDINGS_PAGE = 1000;

const FindingsQuery = PeriodQuery.extend({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_FINDINGS_PAGE).default(500),
});

export function createFindingsRouter(deps: AppDeps): Router {
  const router = Router();
  const districtFindings = createLiveDistrictFindings(() => deps.config);
  router.get('/findings', (req, res) => {
    const caller = getCaller(res);
    const query = parseInput(FindingsQuery, req.query, 'query');
    const district = allowedDistrict(caller, query.district);
    const period = requireKnownPeriod(deps.config, query.period);
    if (district === undefined) {
      throw new AppError(ErrorKind.badRequest, 'district-required', 'Name the district whose findings to read: add &district=, e.g. &district=HBBC.');
    }
    const all = districtFindings.all(deps.store.liveRows(period, district), period, previousRowsOf(deps.store, deps.config, period, district));
    const findings = all.slice(query.offset, query.offset + query.limit);
    const nextOffset = query.offset + findings.length < all.length ? query.offset + findings.length : null;
    res.json({ period, district, total: all.length, offset: query.offset, nextOffset, findings });
  });
  return router;
}
