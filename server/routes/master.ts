import { Router } from 'express';
import type { AppDeps } from '../deps';

// Placeholder: the master workbook download and the coordinator's status land here.
export function createMasterRouter(_deps: AppDeps): Router {
  return Router();
}
