/** What createApp() is built from; tests pass their own (a temporary SQLite file, a fixed clock). */
import type { Logger } from 'pino';
import type { CheckedReturn, PartnershipConfig } from '../shared';
import type { FailureLimiter } from './auth/failure-limiter';
import type { SyncStore } from './store/types';
import type { SyncEngine } from './sync/sync-engine';

export interface AppDeps {
  config: PartnershipConfig;
  /** Rows, history, batch answers and keys. */
  store: SyncStore;
  logger: Logger;
  now: () => Date;
  /** Built browser pages (dist/web): the task pane and the coordinator's page. */
  webDir: string;
  /** Answers 429 to sources (addresses, key ids) that keep sending wrong keys; never refuses a valid key. */
  failureLimiter: FailureLimiter;
  /** Milliseconds on a monotonic clock for the limiter's windows; performance.now() when absent. */
  monotonicMs?: () => number;
  /**
   * Express's `trust proxy` setting (https://expressjs.com/en/guide/behind-proxies.html): false
   * (the default) uses the socket's address; behind a TLS proxy give its hop count or address
   * (e.g. 1, 'loopback', '10.0.0.0/8') so req.ip is the client's, from X-Forwarded-For.
   */
  trustProxy?: boolean | number | string;
  /** Serve the pages' .map files (a development run only; absent or false refuses them). */
  isServingSourceMaps?: boolean;
  /**
   * Where sync batches are applied (server/sync/sync-engine.ts): the service passes its worker
   * thread's engine; absent, batches are applied in process over `store`.
   */
  syncEngine?: SyncEngine;
  /** Reads an uploaded .xlsx (server/workbook/read-workbook.ts); tests may pass their own. */
  /** Reads and checks a return workbook; `period` (a period id) is the period it is for, default the configuration's latest. */
  readWorkbook: (data: Uint8Array, config: PartnershipConfig, period?: string) => Promise<CheckedReturn>;
}

/** Who is calling, from their key; set by the auth middleware on `res.locals.caller`. */
export interface Caller {
  role: 'district' | 'coordinator';
  /** The district code for a district key; null for the coordinator. */
  district: string | null;
  keyId: string;
}
