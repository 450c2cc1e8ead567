/**
 * Starting and stopping the service: opens the store in the data directory, builds the app,
 * listens over HTTPS (development certificates from office-addin-dev-certs, written into the
 * data directory, since Excel loads task panes only over HTTPS) or plain HTTP behind a proxy.
 *
 * Stopping is graceful: stop accepting connections, let requests in flight finish (idle
 * keep-alive connections are closed at once), then close the store so the WAL is checkpointed.
 * After `drainMs` any request still running is cut off so a stop always completes.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { PartnershipConfig } from '../shared';
import { createApp } from './app';
import { createFailureLimiter, DEFAULT_FAILURE_LIMIT, type FailureLimiterOptions } from './auth/failure-limiter';
import type { AppDeps } from './deps';
import { createLogger } from './logger';
import { openSqliteStore, type SqliteStore } from './store/sqlite-store';
import { createWorkerSyncEngine } from './sync/sync-engine';
import { readReturnWorkbook } from './workbook/read-workbook';

export const DATABASE_FILE = 'district-returns.sqlite';
/** Reading one uploaded workbook may take no longer than this. */
export const WORKBOOK_TIMEOUT_MS = 20_000;

export interface ServeOptions {
  port: number;
  /** Defaults to localhost for HTTPS (the certificate's name) and 127.0.0.1 for HTTP. */
  host?: string;
  dataDir: string;
  config: PartnershipConfig;
  isHttp: boolean;
  webDir: string;
  logger?: Logger;
  failureLimit?: FailureLimiterOptions;
  /** /readyz fails (507) below this much free space on the data folder's disk; 64 MB when absent. */
  diskFloorBytes?: number;
  /** Express's `trust proxy` (AppDeps.trustProxy); false when absent. */
  trustProxy?: boolean | number | string;
  readWorkbook?: AppDeps['readWorkbook'];
  drainMs?: number;
  /** How often keys' last use is written to the file (default 60 s; also on stop). */
  keyUseFlushMs?: number;
  /** A real certificate and its key (PEM), instead of the development certificates. */
  tls?: { cert: Buffer; key: Buffer };
}

export interface RunningService {
  url: string;
  server: http.Server;
  store: SqliteStore;
  deps: AppDeps;
  close(): Promise<void>;
}

export function databasePath(dataDir: string): string {
  return join(resolve(dataDir), DATABASE_FILE);
}

/** Development certificates in <dataDir>/certs, made once; no system store, so no sudo. */
export async function ensureCertificates(dataDir: string, logger: Logger): Promise<{ key: Buffer; cert: Buffer; ca: string }> {
  const dir = join(resolve(dataDir), 'certs');
  const ca = join(dir, 'ca.crt');
  const cert = join(dir, 'localhost.crt');
  const key = join(dir, 'localhost.key');
  if (!existsSync(ca) || !existsSync(cert) || !existsSync(key)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { generateCertificates } = await import('office-addin-dev-certs');
    await generateCertificates(ca, cert, key, 365, ['localhost', '127.0.0.1']);
    // office-addin-dev-certs writes them with the process umask (often world-readable); the
    // private key above all is the service's user's alone.
    for (const file of [ca, cert, key]) chmodSync(file, 0o600);
    logger.info({ ca }, 'made development certificates; trust ca.crt in the browser or system to load the task pane');
  }
  return { key: readFileSync(key), cert: readFileSync(cert), ca };
}

export async function startServer(options: ServeOptions): Promise<RunningService> {
  const logger = options.logger ?? createLogger();
  const now = () => new Date();
  mkdirSync(resolve(options.dataDir), { recursive: true, mode: 0o700 });
  // A damaged file is refused here with one line (StoreDamagedError), before anything listens.
  const store = openSqliteStore({ file: databasePath(options.dataDir), now, isIntegrityChecked: true, diskFloorBytes: options.diskFloorBytes });
  const deps: AppDeps = {
    config: options.config,
    store,
    logger,
    now,
    webDir: options.webDir,
    failureLimiter: createFailureLimiter(options.failureLimit ?? DEFAULT_FAILURE_LIMIT),
    trustProxy: options.trustProxy ?? false,
    isServingSourceMaps: process.env.NODE_ENV === 'development',
    readWorkbook: options.readWorkbook ?? ((data, config, period) => readReturnWorkbook(data, config, { timeoutMs: WORKBOOK_TIMEOUT_MS, period })),
  };
  // Sync batches are applied on a worker thread with its own connection (sync-engine.ts).
  const syncEngine = createWorkerSyncEngine({ file: store.file, getConfig: () => deps.config, onCommitted: () => store.noteWriteCommitted() });
  deps.syncEngine = syncEngine;
  const app = createApp(deps);
  let server: http.Server;
  try {
    const tls = options.tls ?? (options.isHttp ? null : await ensureCertificates(options.dataDir, logger));
    server = tls === null ? http.createServer(app) : https.createServer({ cert: tls.cert, key: tls.key }, app);
  } catch (error) {
    store.close();
    throw error;
  }
  // Slow or silent clients must not hold sockets forever.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? (options.isHttp ? '127.0.0.1' : 'localhost');
  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(options.port, host, () => {
        server.off('error', rejectListen);
        resolveListen();
      });
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const scheme = options.isHttp ? 'http' : 'https';
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${scheme}://${host === 'localhost' ? 'localhost' : shownHost}:${address.port}`;
  logger.info({ url, dataDir: resolve(options.dataDir), periods: options.config.periods.map((p) => p.id) }, 'listening');

  // Keys' last use, seen in memory, reaches the file every minute: a crash loses at most that.
  const keyUseTimer = setInterval(() => {
    try {
      store.round.flushKeyUse();
    } catch (error) {
      logger.warn({ err: error }, "could not write keys' last use; it is kept in memory and tried again");
    }
  }, options.keyUseFlushMs ?? 60_000);
  keyUseTimer.unref();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolveClose) => {
      logger.info('stopping: no new connections, finishing requests in flight');
      const force = setTimeout(() => {
        logger.warn('requests still running after the drain time; closing their connections');
        server.closeAllConnections();
      }, options.drainMs ?? 10_000);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        clearInterval(keyUseTimer);
        // The worker commits what it accepted and closes its connection first.
        void syncEngine.close().then(() => {
          store.close();
          logger.info('stopped');
          resolveClose();
        });
      });
      server.closeIdleConnections();
    });
    return closing;
  };
  return { url, server, store, deps, close };
}
