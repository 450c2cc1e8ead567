import { Router } from 'express';
import type { AppDeps } from '../deps';

/** GET /config: the partnership's outcomes, aims, districts, LAA catalogue and periods, for offline checking. */
export function createConfigRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/config', (_req, res) => {
    res.json(deps.config);
  });
  return router;
}
