/**
 * Load and soak: the built service (`district-returns serve --http`) in its own process on
 * loopback, driven for LOAD_SECONDS (default 300) at LOAD_RATE requests/s (default 200, far
 * more than seven officers could send): half syncs of 5-row batches from 7 districts (4
 * clients each, every client owning its own rows and sending the versions it was given, as the
 * add-in does), half reads of /rows (districts' own, and the coordinator's all-district read),
 * and a master download every 10 s. Reports p50/p99 latency (overall and per kind), errors
 * (any non-2xx, failed or timed-out request, or sync conflict: must be 0) and the service's
 * resident memory (VmRSS from /proc) after a warm-up (30 s for the full run) and at the end
 * (growth under 20%).
 *
 * The schedule is open-loop: requests start on the clock, not when the last one finished, so a
 * slow service shows as latency rather than as a lower rate; at most MAX_IN_FLIGHT run at once
 * and starts that would pass that are counted as "shed". Everything stops by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG, type RowPayload } from '../shared';
import { createKey } from '../server/auth/keys';
import { databasePath } from '../server/main';
import { openSqliteStore } from '../server/store/sqlite-store';
import type { Bench, BenchResult } from './types';

const PERIOD = '2008-03';
const DISTRICTS = DEFAULT_CONFIG.districts.map((d) => d.code).slice(0, 7);
const CLIENTS_PER_DISTRICT = 4;
const ROWS_PER_CLIENT = 25;
const CHANGES_PER_BATCH = 5;
const MASTER_EVERY_MS = 10_000;
/** Traffic before the figures start: JIT, SQLite's page cache and the first master render settle. */
const warmUpMs = (seconds: number) => Math.min(30_000, Math.max(5_000, seconds * 100));
const MAX_IN_FLIGHT = 64;
const REQUEST_TIMEOUT_MS = 30_000;
const OUTCOMES = [
  ['Be healthy', 'H1', 'HC3'],
  ['Stay safe', 'S1', 'SC7'],
  ['Enjoy and achieve', 'A2', 'CYP1'],
  ['Make a positive contribution', 'C2', 'CYP8'],
  ['Achieve economic well-being', 'E4', 'CG4.2'],
] as const;

type Kind = 'sync' | 'read' | 'master';

interface Client {
  key: string;
  rows: { id: string; version: number; outcome: number }[];
  next: number;
  isBusy: boolean;
}

function rowFor(outcome: number, n: number, tick: number): RowPayload {
  const [name, aim, ref] = OUTCOMES[outcome] as (typeof OUTCOMES)[number];
  return {
    outcome: name,
    aim,
    laaRefs: [ref],
    action: `Action ${n}: deliver the agreed activity with partners across the district`,
    update: `Update ${tick}: progress reported to the partnership board this period, with figures.`,
    status: 'On track',
  };
}

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] as number) * 10) / 10;
}

/** Starts the built CLI's `serve --http --port 0` and waits for the address it prints. */
async function startChild(cli: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // LOAD_NODE_ARGS passes flags to the service's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes.
  const nodeArgs = (process.env.LOAD_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, cli, 'serve', '--http', '--port', '0', '--data-dir', dataDir], {
    // The request log is part of the service's real cost; its lines are discarded here.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the service did not start: ${text.slice(0, 300)}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with ${code}: ${text.slice(0, 300)}`));
    });
  });
  child.stderr?.resume();
  return { child, url };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export async function runLoad(options: { seconds: number; rate: number }): Promise<BenchResult[]> {
  const cli = resolve(__dirname, '..', 'server', 'cli', 'index.js');
  if (!existsSync(cli)) throw new Error(`no built service at ${cli}: run npm run build first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'dr-load-'));
  const store = openSqliteStore({ file: databasePath(dataDir) });
  const clients: Client[] = [];
  let coordinatorKey: string;
  try {
    coordinatorKey = createKey(store, 'coordinator', DEFAULT_CONFIG).key;
    for (const district of DISTRICTS) {
      const key = createKey(store, district, DEFAULT_CONFIG).key;
      for (let c = 0; c < CLIENTS_PER_DISTRICT; c++) {
        const rows = Array.from({ length: ROWS_PER_CLIENT }, (_, i) => ({ id: randomUUID(), version: 0, outcome: i % OUTCOMES.length }));
        clients.push({ key, rows, next: 0, isBusy: false });
      }
    }
  } finally {
    store.close();
  }
  const districtKeys = [...new Set(clients.map((c) => c.key))];

  const { child, url } = await startChild(cli, dataDir);
  const latencies: Record<Kind, number[]> = { sync: [], read: [], master: [] };
  const errors: string[] = [];
  let conflicts = 0;
  let shed = 0;
  let inFlight = 0;
  let tick = 0;
  let recording = false;

  const timed = async (kind: Kind, run: () => Promise<Response>, onOk?: (body: unknown) => void): Promise<void> => {
    inFlight++;
    const started = performance.now();
    try {
      const response = await run();
      const body: unknown = kind === 'master' ? await response.arrayBuffer() : await response.json();
      const ms = performance.now() - started;
      if (!response.ok) {
        errors.push(`${kind} ${response.status}`);
        return;
      }
      if (recording) latencies[kind].push(ms);
      onOk?.(body);
    } catch (error) {
      errors.push(`${kind} ${(error as Error).name}: ${(error as Error).message}`.slice(0, 160));
    } finally {
      inFlight--;
    }
  };

  const headers = (key: string, json = false) => ({ authorization: `Bearer ${key}`, ...(json ? { 'content-type': 'application/json' } : {}) });
  let clientCursor = 0;
  const sendSync = (): boolean => {
    for (let tries = 0; tries < clients.length; tries++) {
      const client = clients[clientCursor++ % clients.length] as Client;
      if (client.isBusy) continue;
      client.isBusy = true;
      tick++;
      const picked = Array.from({ length: CHANGES_PER_BATCH }, (_, i) => client.rows[(client.next + i) % client.rows.length] as Client['rows'][number]);
      client.next = (client.next + CHANGES_PER_BATCH) % client.rows.length;
      const body = JSON.stringify({
        period: PERIOD,
        batchId: randomUUID(),
        changes: picked.map((r) => ({ id: r.id, baseVersion: r.version, row: rowFor(r.outcome, client.rows.indexOf(r), tick) })),
      });
      void timed(
        'sync',
        () => fetch(`${url}/api/v1/sync`, { method: 'POST', headers: headers(client.key, true), body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
        (answer) => {
          const { applied, conflicts: refused } = answer as { applied: { id: string; version: number }[]; conflicts: unknown[] };
          conflicts += refused.length;
          for (const a of applied) {
            const row = client.rows.find((r) => r.id === a.id);
            if (row) row.version = a.version;
          }
        },
      ).finally(() => {
        client.isBusy = false;
      });
      return true;
    }
    return false;
  };
  const sendRead = (n: number) => {
    // One read in eight is the coordinator's, over every district's rows.
    const key = n % 8 === 0 ? coordinatorKey : (districtKeys[n % districtKeys.length] as string);
    void timed('read', () => fetch(`${url}/api/v1/rows?period=${PERIOD}`, { headers: headers(key), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }));
  };
  const sendMaster = () =>
    void timed('master', () => fetch(`${url}/api/v1/master.xlsx?period=${PERIOD}`, { headers: headers(coordinatorKey), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }));

  const coldRss = residentMb(child.pid as number);
  let warmRss = coldRss;
  let peakRss = coldRss;
  const warmUp = warmUpMs(options.seconds);
  const totalMs = warmUp + options.seconds * 1000;
  const started = performance.now();
  let sent = 0;
  let nextMaster = 0;
  let nextRssSample = 0;
  try {
    while (true) {
      const elapsed = performance.now() - started;
      if (elapsed >= totalMs) break;
      if (child.exitCode !== null) throw new Error(`the service exited during the run (code ${child.exitCode})`);
      if (!recording && elapsed >= warmUp) {
        recording = true;
        warmRss = residentMb(child.pid as number);
      }
      if (elapsed >= nextRssSample) {
        peakRss = Math.max(peakRss, residentMb(child.pid as number));
        nextRssSample += 1000;
      }
      if (elapsed >= nextMaster) {
        sendMaster();
        nextMaster += MASTER_EVERY_MS;
      }
      const due = Math.floor((elapsed / 1000) * options.rate);
      while (sent < due) {
        sent++;
        if (inFlight >= MAX_IN_FLIGHT) {
          shed++;
          continue;
        }
        if (sent % 2 === 0 && sendSync()) continue;
        sendRead(sent);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const drainUntil = performance.now() + REQUEST_TIMEOUT_MS;
    while (inFlight > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
    const endRss = residentMb(child.pid as number);
    peakRss = Math.max(peakRss, endRss);

    const all = [...latencies.sync, ...latencies.read, ...latencies.master].sort((a, b) => a - b);
    const sorted = (kind: Kind) => [...latencies[kind]].sort((a, b) => a - b);
    const growth = Math.round(((endRss - warmRss) / warmRss) * 1000) / 10;
    const failures = errors.length + conflicts;
    return [
      {
        name: `load: ${options.seconds} s mixed traffic at ${options.rate} req/s (7 districts' syncs, reads, master every 10 s)`,
        metrics: {
          requests: all.length,
          'req/s': Math.round((all.length / options.seconds) * 10) / 10,
          'p50 ms': percentile(all, 50),
          'p99 ms': percentile(all, 99),
          'sync p99 ms': percentile(sorted('sync'), 99),
          'read p99 ms': percentile(sorted('read'), 99),
          'master median ms': percentile(sorted('master'), 50),
          errors: errors.length,
          conflicts,
          shed,
        },
        target: { text: 'errors 0 (no conflicts, nothing shed)', met: failures === 0 && shed === 0 },
      },
      {
        name: `soak: service memory over ${options.seconds} s`,
        metrics: { 'RSS cold MB': coldRss, 'RSS after warm-up MB': warmRss, 'RSS end MB': endRss, 'RSS peak MB': peakRss, 'growth %': growth },
        target: { text: 'RSS growth from warm-up to end under 20%', met: growth < 20 },
      },
      ...(errors.length > 0 ? [{ name: 'load: first errors', metrics: { first: [...new Set(errors)].slice(0, 3).join('; ') } }] : []),
    ];
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const loadBench: Bench = {
  title: 'load and soak',
  run: () => runLoad({ seconds: Number(process.env.LOAD_SECONDS ?? 300), rate: Number(process.env.LOAD_RATE ?? 200) }),
};
