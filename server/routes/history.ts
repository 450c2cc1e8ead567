import { Router } from 'express';
import { AppError, ErrorKind, RowId } from '../../shared';
import { allowedDistrict, getCaller } from '../auth/authenticate';
import type { AppDeps } from '../deps';
import { parseInput } from '../http/parse';
import { PeriodQuery, requireKnownPeriod } from './period';

/**
 * GET /rows/:id/history?period=[&district=]: every change to the row within its district,
 * oldest first, with who, when, before and after. `who` is the key id that made the change;
 * `whoIs` says whose key it was (`{ role, district }`, district null for the coordinator), or
 * null for a key no longer on record, so the coordinator reads "HBBC", not a key id.
 */
export function createHistoryRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/rows/:id/history', (req, res) => {
    const caller = getCaller(res);
    const id = parseInput(RowId, req.params.id, 'row id');
    const query = parseInput(PeriodQuery, req.query, 'query');
    const district = allowedDistrict(caller, query.district);
    const period = requireKnownPeriod(deps.config, query.period);
    // History is read within one district; the coordinator may leave the district out when
    // only one district has the row (always, since row ids are refused across districts).
    const owners = district === undefined ? deps.store.rowDistricts({ period, id }) : [district];
    if (owners.length > 1) {
      throw new AppError(ErrorKind.badRequest, 'district-required', `Row ${id} exists in more than one district in period ${period} (${owners.join(', ')}); add &district= to say whose history to read.`, {
        districts: owners,
      });
    }
    const owner = owners[0];
    const history = owner === undefined ? [] : deps.store.rowHistory({ period, id, district: owner });
    if (history.length === 0) {
      throw new AppError(ErrorKind.notFound, 'row-not-found', `No row ${id} in period ${period}${district ? ` for ${district}` : ''}.`);
    }
    const keyOwners = new Map<string, { role: string; district: string | null } | null>();
    const whoIs = (keyId: string) => {
      if (!keyOwners.has(keyId)) {
        const key = deps.store.findKey(keyId);
        keyOwners.set(keyId, key ? { role: key.role, district: key.district } : null);
      }
      return keyOwners.get(keyId) ?? null;
    };
    res.json({ id, period, history: history.map((entry) => ({ ...entry, whoIs: whoIs(entry.who) })) });
  });
  return router;
}
