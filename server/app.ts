/**
 * The Express app, built from its dependencies so tests drive it with supertest and a
 * temporary store. Order matters: security headers and the request log first; health without
 * a key; everything under /api/v1 behind authentication (the master router too, which reads
 * res.locals.caller); the web pages without a key; then the one 404 and the one error handler.
 */
import express, { Router, type Express } from 'express';
import { authenticate } from './auth/authenticate';
import type { AppDeps } from './deps';
import { errorHandler, notFound } from './http/error-handler';
import { requestLog } from './http/request-log';
import { securityHeaders } from './http/security';
import { createConfigRouter } from './routes/config';
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
  app.use(securityHeaders());
  app.use(requestLog(deps.logger));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const api = Router();
  api.use(authenticate(deps));
  api.use(createConfigRouter(deps));
  api.use(createMeRouter(deps));
  api.use(createRoundRouter(deps, refreshConfig));
  api.use(createSyncRouter(deps));
  api.use(createRowsRouter(deps));
  api.use(createHistoryRouter(deps));
  api.use(createReturnsRouter(deps));
  api.use(createMasterRouter(deps));
  api.use(notFound());
  app.use('/api/v1', api);
  app.use('/api', notFound());

  app.use(createWebRouter(deps));
  app.use(notFound());
  app.use(errorHandler(deps));
  return app;
}
