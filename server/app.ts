/**
 * The Express app, built from its dependencies so tests drive it with supertest and a
 * temporary store. Order matters: security headers and the request log first; health without
 * a key; everything under /api/v1 behind authentication (the master router too, which reads
 * res.locals.caller); the web pages without a key; then the one 404 and the one error handler.
 */
import express, { Router, type Express } from 'express';
import { AppError, ErrorKind } from '../shared';
import { authenticate } from './auth/authenticate';
import type { AppDeps } from './deps';
import { errorHandler, notFound } from './http/error-handler';
import { requestLog } from './http/request-log';
import { securityHeaders } from './http/security';
import { createConfigRouter } from './routes/config';
import { createFindingsRouter } from './routes/findings';
import { createHistoryRouter } from './routes/history';
import { createMasterRouter } from './routes/master';
import { createMeRouter } from './routes/me';
import { createRoundRouter } from './routes/round';
import { applyRound } from './round/effective-config';
import { createReturnsRouter } from './routes/returns';
import { createRowsRouter } from './routes/rows';
import { createSyncRouter } from './routes/sync';
import { createWebRouter } from './routes/web';

export function createApp(deps: AppDeps): Express {
  // The file's configuration with the coordinator's round (periods, catalogue) on top; again after each change.
  const fileConfig = deps.config;
  const refreshConfig = () => {
    deps.config = applyRound(fileConfig, deps.store.round.listPeriods(), deps.store.round.listCatalogueChanges());
  };
  refreshConfig();
  const app = express();
  app.disable('x-powered-by');
  // ETags on JSON would let a client see a 304 for rows it has never fetched with this key.
  app.set('etag', false);
  // Who the client is (req.ip) for the wrong-key limit; see AppDeps.trustProxy.
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(securityHeaders());
  app.use(requestLog(deps.logger));

  // Liveness: the process answers. Never touches the store, so it answers while anything runs.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: the store can write now (server/store/health.ts); 503 damaged, 507 disk full.
  app.get('/readyz', (_req, res) => {
    const readiness = deps.store.readiness();
    if (!readiness.isReady) throw readiness.error;
    res.set('cache-control', 'no-store');
    res.json({ status: 'ready', freeBytes: readiness.freeBytes });
  });

  const api = Router();
  api.use(authenticate(deps));
  // Sync first: it is most of the traffic, and no other router has its path.
  api.use(createSyncRouter(deps));
  api.use(createConfigRouter(deps));
  api.use(createMeRouter(deps));
  api.use(createRoundRouter(deps, refreshConfig));
  api.use(createRowsRouter(deps));
  api.use(createHistoryRouter(deps));
  api.use(createFindingsRouter(deps));
  api.use(createReturnsRouter(deps));
  api.use(createMasterRouter(deps));
  api.use(notFound());
  app.use('/api/v1', api);
  app.use('/api', notFound());

  // The pages' source maps would hand out the client's source; only a development run serves them.
  if (!deps.isServingSourceMaps) {
    app.use((req, _res, next) => {
      if (req.path.endsWith('.map')) throw new AppError(ErrorKind.notFound, 'not-found', `Nothing here: ${req.method} ${req.path}.`);
      next();
    });
  }
  app.use(createWebRouter(deps));
  app.use(notFound());
  app.use(errorHandler(deps));
  return app;
}
