/**
 * createApp() over a real SQLite file in a temporary folder, driven by supertest; keys made the
 * way `keys create` makes them. `snapshot()` reads every row (deleted too), every history entry
 * and every stored batch answer, so a test can prove a refused request changed nothing.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { DEFAULT_CONFIG, type PartnershipConfig, type RowPayload } from '../../shared';
import { createApp } from '../../server/app';
import { createFailureLimiter, type FailureLimiterOptions } from '../../server/auth/failure-limiter';
import { createKey } from '../../server/auth/keys';
import type { AppDeps } from '../../server/deps';
import { databasePath } from '../../server/main';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store';
import { readReturnWorkbook } from '../../server/workbook/read-workbook';

export const PERIOD = '2008-03';

export interface Harness {
  app: Express;
  store: SqliteStore;
  deps: AppDeps;
  dataDir: string;
  key(who: string): string;
  snapshot(): string;
  close(): void;
}

export function createHarness(
  options: { config?: PartnershipConfig; failureLimit?: FailureLimiterOptions; overrides?: Partial<AppDeps>; dataDir?: string } = {},
): Harness {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dr-app-'));
  const config = options.config ?? DEFAULT_CONFIG;
  const store = openSqliteStore({ file: databasePath(dataDir) });
  const deps: AppDeps = {
    config,
    store,
    logger: pino({ level: 'silent' }),
    now: () => new Date(),
    webDir: join(dataDir, 'web'),
    failureLimiter: createFailureLimiter(options.failureLimit ?? { maxFailures: 1000, windowMs: 60_000 }),
    readWorkbook: (data, cfg, period) => readReturnWorkbook(data, cfg, { timeoutMs: 20_000, period }),
    ...options.overrides,
  };
  const app = createApp(deps);
  return {
    app,
    store,
    deps,
    dataDir,
    key: (who) => createKey(store, who, config).key,
    snapshot() {
      const db = new Database(databasePath(dataDir), { readonly: true });
      try {
        return JSON.stringify([
          db.prepare('SELECT * FROM rows ORDER BY seq').all(),
          db.prepare('SELECT * FROM history ORDER BY seq').all(),
          db.prepare('SELECT * FROM batches ORDER BY district, batch_id').all(),
        ]);
      } finally {
        db.close();
      }
    },
    close() {
      store.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function bearer(key: string): { Authorization: string } {
  return { Authorization: `Bearer ${key}` };
}

export function aRow(overrides: Partial<RowPayload> = {}): RowPayload {
  return {
    outcome: 'Stay safe',
    aim: 'S1',
    laaRefs: ['SC7'],
    action: 'Links to the new YOT Impact Team are being developed',
    update: 'JAG meeting held monthly.',
    status: 'On track' as const,
    ...overrides,
  };
}

export function sync(app: Express, key: string, body: unknown) {
  return request(app).post('/api/v1/sync').set(bearer(key)).send(body as object);
}
