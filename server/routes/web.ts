/**
 * The browser pages, without a key (they ask for one): the task pane under /taskpane/, its
 * icons under /assets/, the coordinator's page at / and the officer's page at /officer/. The pane loads Office.js from
 * Microsoft's CDN; the @microsoft/office-js package copy under /office-js/ is for the pane
 * built with the offline flag (scripts/build-web.js), in the end-to-end tests and offline
 * development. The security headers set for the whole app (server/http/security.ts) let
 * Office frame /taskpane/ only, and the pane load Office.js from the CDN.
 */
import express, { Router } from 'express';
import { dirname, join } from 'node:path';
import type { AppDeps } from '../deps';

/** Where the @microsoft/office-js package keeps office.js and the files it loads next to it. */
export function resolveOfficeJsDir(): string {
  return join(dirname(require.resolve('@microsoft/office-js/package.json')), 'dist');
}

export function createWebRouter(deps: AppDeps): Router {
  const router = Router();
  const web = deps.webDir;
  const pages = { index: 'index.html', redirect: true, fallthrough: true } as const;

  router.use('/taskpane', express.static(join(web, 'taskpane'), pages));
  router.use('/assets', express.static(join(web, 'assets'), { fallthrough: true, maxAge: '1d' }));
  router.use('/office-js', express.static(resolveOfficeJsDir(), { fallthrough: true, maxAge: '1d' }));
  router.use('/coordinator', express.static(join(web, 'coordinator'), pages));
  // The officer's page: districts without the add-in check, plan and send their return here.
  router.use('/officer', express.static(join(web, 'officer'), pages));
  router.get('/', (_req, res, next) => {
    res.sendFile(join(web, 'coordinator', 'index.html'), (error) => {
      if (error) next();
    });
  });
  return router;
}
