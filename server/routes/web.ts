import { Router } from 'express';
import type { AppDeps } from '../deps';

// Placeholder: the task pane, office.js and the coordinator's page are served from here.
export function createWebRouter(_deps: AppDeps): Router {
  return Router();
}
