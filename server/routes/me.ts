import { Router } from 'express';
import { getCaller } from '../auth/authenticate';
import type { AppDeps } from '../deps';

/**
 * GET /me: who the key belongs to, `{ role, district, name }` (district and name null for the
 * coordinator), so a page can tell a district key from the coordinator's before showing anything.
 */
export function createMeRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/me', (_req, res) => {
    const caller = getCaller(res);
    const name = caller.district === null ? null : (deps.config.districts.find((d) => d.code === caller.district)?.name ?? null);
    res.json({ role: caller.role, district: caller.district, name });
  });
  return router;
}
