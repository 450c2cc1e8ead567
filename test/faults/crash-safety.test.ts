/**
 * Crash safety: seven districts sync through the real sync client (addin/sync) against the
 * real service in its own process, while the service is killed with SIGKILL at random moments
 * and started again on the same data. Clients retry with their stored batch ids, as a pane
 * does after a timeout. At the end the store must hold exactly what every client intended:
 * no row lost, none duplicated, no batch half applied.
 *
 * Bounded: edits stop after FAULT_SECONDS (default 40) once at least FAULT_MIN_KILLS (50)
 * kills have happened, and the whole run stops by itself. Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { DEFAULT_CONFIG, type RowPayload } from '../../shared';
import { createMemoryStorage, type KeyValueStorage } from '../../addin/sync/storage';
import { SyncClient, type FetchLike } from '../../addin/sync/sync-client';
import { createKey } from '../../server/auth/keys';
import { databasePath } from '../../server/main';
import { openSqliteStore } from '../../server/store/sqlite-store';

const SECONDS = Number(process.env.FAULT_SECONDS ?? 40);
const MIN_KILLS = Number(process.env.FAULT_MIN_KILLS ?? 50);
const PERIOD = '2008-03';
const DISTRICTS = DEFAULT_CONFIG.districts.map((d) => d.code);
const OUTCOMES = DEFAULT_CONFIG.outcomes.map((o) => o.name);
const REFS = DEFAULT_CONFIG.laaRefs.map((r) => r.code);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The service process: started, killed with SIGKILL, started again on the same data. */
class ServiceProcess {
  private child: ChildProcess | null = null;
  kills = 0;
  constructor(
    private readonly script: string,
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, [this.script, String(this.port), this.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error('the service did not start within 20 s')), 20_000);
      let errors = '';
      child.stderr!.on('data', (chunk) => (errors += chunk));
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) {
          clearTimeout(timer);
          ready();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the service exited (${code}) before it was ready: ${errors}`));
      });
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await exited;
    this.child = null;
    if (signal === 'SIGKILL') this.kills++;
  }
}

interface Ledger {
  /** Changes sent per batch id (the first time it was sent). */
  sent: Map<string, { district: string; changes: number }>;
  /** Batch ids the service answered with 200. */
  acknowledged: Set<string>;
}

function recordingFetch(ledger: Ledger, district: string): FetchLike {
  return async (url, init) => {
    if (init.body) {
      const body = JSON.parse(init.body) as { batchId: string; changes: unknown[] };
      if (!ledger.sent.has(body.batchId)) ledger.sent.set(body.batchId, { district, changes: body.changes.length });
    }
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
    const text = await response.text();
    if (response.status === 200 && init.body) ledger.acknowledged.add((JSON.parse(init.body) as { batchId: string }).batchId);
    return { status: response.status, headers: response.headers, text: async () => text };
  };
}

/** One district's officer: edits rows and syncs, keeping what it intends in `model`. */
class District {
  readonly model = new Map<string, RowPayload | null>();
  readonly storage: KeyValueStorage = createMemoryStorage();
  client: SyncClient;
  private counter = 0;
  constructor(
    readonly code: string,
    private readonly url: string,
    private readonly key: string,
    private readonly ledger: Ledger,
  ) {
    this.client = this.open();
  }

  /** A new client on the same storage: the pane closed and opened again. */
  open(): SyncClient {
    return new SyncClient({
      serviceUrl: this.url,
      key: this.key,
      period: PERIOD,
      fetch: recordingFetch(this.ledger, this.code),
      storage: this.storage,
      now: () => new Date(),
      newBatchId: () => randomUUID(),
      backoff: { baseMs: 50, maxMs: 400 },
    });
  }

  edit(): void {
    const live = [...this.model.entries()].filter(([, row]) => row !== null);
    const roll = Math.random();
    if (live.length < 3 || roll < 0.45) {
      const id = randomUUID();
      const n = ++this.counter;
      const row: RowPayload = {
        outcome: pick(OUTCOMES),
        aim: '',
        laaRefs: [pick(REFS)],
        action: `${this.code} action ${n}: work with partners on provision for young people`,
        update: `${this.code} update ${n}.1`,
        status: null,
      };
      this.model.set(id, row);
      this.client.queueRow(id, row);
    } else if (roll < 0.9) {
      const [id, row] = pick(live);
      const next = { ...row!, update: `${row!.update.replace(/\.\d+$/, '')}.${Math.floor(Math.random() * 1e6)}` };
      this.model.set(id, next);
      this.client.queueRow(id, next);
    } else {
      const [id] = pick(live);
      this.model.set(id, null);
      this.client.queueRow(id, null);
    }
  }

  async work(until: () => boolean): Promise<void> {
    while (!until()) {
      for (let i = 1 + Math.floor(Math.random() * 4); i > 0; i--) this.edit();
      if (Math.random() < 0.05) this.client = this.open();
      const result = await this.client.sync();
      await sleep(result.outcome === 'failed' ? Math.min(this.client.msUntilDue(), 500) : 20 + Math.random() * 80);
    }
  }

  /** Sends what is left once the service stays up. */
  async drain(deadline: number): Promise<void> {
    while (this.client.hasWork() && Date.now() < deadline) {
      const result = await this.client.sync();
      if (result.outcome === 'failed') await sleep(Math.min(this.client.msUntilDue(), 500));
    }
  }
}

describe('crash safety under SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dr-faults-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`keeps every intended row exactly once through at least ${MIN_KILLS} kills`, async () => {
    const cacheDir = resolve(__dirname, '..', '..', 'node_modules', '.cache', 'district-returns');
    mkdirSync(cacheDir, { recursive: true });
    // The service and its sync worker, bundled side by side: the service finds the worker's
    // file beside its own (server/sync/sync-engine.ts), as in dist/.
    const outdir = join(cacheDir, `fault-service-${process.pid}`);
    await build({
      entryPoints: { 'service-child': join(__dirname, 'service-child.ts'), 'sync-worker': join(__dirname, '..', '..', 'server', 'sync', 'sync-worker.ts') },
      bundle: true,
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outdir,
      logLevel: 'error',
    });
    const script = join(outdir, 'service-child.js');

    const store = openSqliteStore({ file: databasePath(dataDir) });
    const keys = new Map(DISTRICTS.map((code) => [code, createKey(store, code, DEFAULT_CONFIG).key]));
    store.close();

    const service = new ServiceProcess(script, await freePort(), dataDir);
    await service.start();
    const url = `http://127.0.0.1:${service.port}`;
    const ledger: Ledger = { sent: new Map(), acknowledged: new Set() };
    const districts = DISTRICTS.map((code) => new District(code, url, keys.get(code)!, ledger));

    const started = Date.now();
    // Enough time for MIN_KILLS restarts on a busy machine (a restart is 1-4 s), and still bounded.
    const hardStop = started + Math.max(SECONDS * 3000, MIN_KILLS * 5000);
    let isEditing = true;
    const killer = (async () => {
      while ((service.kills < MIN_KILLS || Date.now() - started < SECONDS * 1000) && Date.now() < hardStop) {
        await sleep(200 + Math.random() * 700);
        await service.kill('SIGKILL');
        await sleep(Math.random() * 300);
        await service.start();
      }
      isEditing = false;
    })();
    await Promise.all([killer, ...districts.map((d) => d.work(() => !isEditing))]);

    // The service now stays up: every client delivers what it still holds.
    const deadline = Date.now() + 60_000;
    await Promise.all(districts.map((d) => d.drain(deadline)));
    await service.kill('SIGTERM');

    const db = new Database(databasePath(dataDir), { readonly: true });
    const stored = db.prepare('SELECT district, id, deleted, data FROM rows WHERE period = ?').all(PERIOD) as { district: string; id: string; deleted: number; data: string }[];
    const history = db.prepare('SELECT district, batch_id AS batchId, COUNT(*) AS n FROM history WHERE batch_id IS NOT NULL GROUP BY district, batch_id').all() as { district: string; batchId: string; n: number }[];
    db.close();

    let lost = 0;
    let duplicated = 0;
    let intended = 0;
    for (const district of districts) {
      const mine = new Map(stored.filter((r) => r.district === district.code).map((r) => [r.id, r]));
      const liveActions = new Set<string>();
      for (const [id, row] of district.model) {
        const kept = mine.get(id);
        if (row === null) {
          if (kept && !kept.deleted) duplicated++;
          continue;
        }
        intended++;
        const data = kept && !kept.deleted ? (JSON.parse(kept.data) as RowPayload) : null;
        if (!data || data.action !== row.action || data.update !== row.update || data.outcome !== row.outcome) lost++;
      }
      for (const [id, row] of mine) {
        if (row.deleted) continue;
        if (!district.model.has(id)) duplicated++;
        const action = (JSON.parse(row.data) as RowPayload).action;
        if (liveActions.has(action)) duplicated++;
        liveActions.add(action);
      }
    }
    const historyByBatch = new Map(history.map((h) => [h.batchId, h.n]));
    let partial = 0;
    for (const [batchId, { changes }] of ledger.sent) {
      const written = historyByBatch.get(batchId) ?? 0;
      if (written !== 0 && written !== changes) partial++;
      if (ledger.acknowledged.has(batchId) && written !== changes) partial++;
    }
    const conflicts = districts.reduce((sum, d) => sum + d.client.status().conflicts.length, 0);
    const waiting = districts.reduce((sum, d) => sum + d.client.status().waiting, 0);
    const report = {
      kills: service.kills,
      seconds: Math.round((Date.now() - started) / 1000),
      batchesSent: ledger.sent.size,
      acknowledgedBatches: ledger.acknowledged.size,
      intendedRows: intended,
      lostRows: lost,
      duplicatedRows: duplicated,
      partiallyAppliedBatches: partial,
      conflicts,
      stillWaiting: waiting,
    };
    const outDir = resolve(__dirname, '..', '..', 'bench', 'out');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'faults.json'), JSON.stringify(report, null, 2));
    process.stderr.write(`\nfault run: ${JSON.stringify(report)}\n`);

    expect(report.kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(report.acknowledgedBatches).toBeGreaterThan(50);
    expect(report.stillWaiting).toBe(0);
    expect(report.conflicts).toBe(0);
    expect(report.lostRows).toBe(0);
    expect(report.duplicatedRows).toBe(0);
    expect(report.partiallyAppliedBatches).toBe(0);
  });
});
