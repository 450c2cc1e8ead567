/**
 * The real service for tests: the same startServer the CLI uses, over plain HTTP on
 * 127.0.0.1 with a random port and a temporary SQLite folder (removed on close unless the
 * caller passed its own dataDir, so a restart test can reopen the same file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG, type PartnershipConfig } from '../../shared';
import { createKey as createStoredKey } from '../../server/auth/keys';
import type { FailureLimiterOptions } from '../../server/auth/failure-limiter';
import type { AppDeps } from '../../server/deps';
import { createLogger } from '../../server/logger';
import { startServer } from '../../server/main';

export interface TestService {
  url: string;
  dataDir: string;
  /** A new key for a district code or "coordinator", as `keys create` would print it. */
  createKey(who: string): string;
  close(): Promise<void>;
}

export interface StartServiceOptions {
  dataDir?: string;
  config?: PartnershipConfig;
  webDir?: string;
  /** Wrong keys allowed per address before 429; the service's default when omitted. */
  failureLimit?: FailureLimiterOptions;
  readWorkbook?: AppDeps['readWorkbook'];
  /** How often keys' last use is written (the service's default when omitted). */
  keyUseFlushMs?: number;
}

export async function startService(options: StartServiceOptions = {}): Promise<TestService> {
  const isOwnDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dr-service-'));
  const config = options.config ?? DEFAULT_CONFIG;
  const running = await startServer({
    port: 0,
    isHttp: true,
    host: '127.0.0.1',
    dataDir,
    config,
    webDir: options.webDir ?? resolve(__dirname, '../../dist/web'),
    logger: createLogger({ level: process.env.LOG_LEVEL ?? 'silent' }),
    failureLimit: options.failureLimit,
    readWorkbook: options.readWorkbook,
    drainMs: 2_000,
    ...(options.keyUseFlushMs !== undefined ? { keyUseFlushMs: options.keyUseFlushMs } : {}),
  });
  return {
    url: running.url,
    dataDir,
    createKey: (who) => createStoredKey(running.store, who, config).key,
    async close() {
      await running.close();
      if (isOwnDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
