/** What createApp() is built from; tests pass their own (a temporary SQLite file, a fixed clock). */
import type { Logger } from 'pino';
import type { PartnershipConfig } from '../shared';
import type { Store } from './store/types';

export interface AppDeps {
  config: PartnershipConfig;
  store: Store;
  logger: Logger;
  now: () => Date;
  /** Built browser pages (dist/web): the task pane and the coordinator's page. */
  webDir: string;
}

/** Who is calling, from their key; set by the auth middleware on `res.locals.caller`. */
export interface Caller {
  role: 'district' | 'coordinator';
  /** The district code for a district key; null for the coordinator. */
  district: string | null;
  keyId: string;
}
