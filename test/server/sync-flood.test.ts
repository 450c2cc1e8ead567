/**
 * The flood from the report, bounded: one district fills its period up to the quota and past it
 * (413), and a one-row sync's answer stays small however many rows the district has.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { DEFAULT_CONFIG, DEFAULT_QUOTAS } from '../../shared';
import { databasePath } from '../../server/main';
import { openSqliteStore } from '../../server/store/sqlite-store';
import { resolveWorkerFile } from '../../server/workbook/workers';
import { startService, type TestService } from '../support/service';
import { aRow, bearer, createHarness, PERIOD, sync, type Harness } from './harness';

let h: Harness;
// Closing twice is harmless (the describe block below makes no harness of its own).
afterEach(() => h.close());

/** `count` new rows, each missing its LAA ref (one finding each), in batches of 500. */
async function fill(key: string, count: number, tag: string): Promise<void> {
  for (let start = 0; start < count; start += 500) {
    const changes = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
      id: randomUUID(),
      baseVersion: 0,
      row: aRow({ laaRefs: [], action: `${tag} action ${start + i}`, rowNumber: 5 + start + i }),
    }));
    await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes }).expect(200);
  }
}

test('with 4,000 rows stored a one-row sync answers under 64 KB; past the 5,000-row quota is 413; the full findings are paged', async () => {
  h = createHarness();
  const key = h.key('HBBC');
  await fill(key, 4000, 'Flood');
  const id = randomUUID();
  const batch = { period: PERIOD, batchId: randomUUID(), changes: [{ id, baseVersion: 0, row: aRow({ laaRefs: [], action: 'One more action', rowNumber: 4100 }) }] };
  const one = await sync(h.app, key, batch).expect(200);
  expect(Buffer.byteLength(one.text)).toBeLessThan(64 * 1024);
  expect(one.body.findings).toEqual([expect.objectContaining({ rule: 'missing-laa-ref', rowId: id })]);
  const replay = await sync(h.app, key, batch).expect(200);
  expect(replay.headers['idempotent-replay']).toBe('true');
  expect(replay.body).toEqual(one.body);
  // Stored answers hold no district-wide findings: each is bounded by its own batch.
  const db = new Database(databasePath(h.dataDir), { readonly: true });
  const largest = db.prepare('SELECT MAX(LENGTH(response)) FROM batches').pluck().get() as number;
  db.close();
  expect(largest).toBeLessThan(64 * 1024);

  await fill(key, 999, 'Up to the quota');
  const before = h.snapshot();
  const over = await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: [{ id: randomUUID(), baseVersion: 0, row: aRow({ action: 'Row 5,001' }) }] }).expect(413);
  expect(over.body.error.code).toBe('quota-rows');
  expect(over.body.error.message).toContain(`the limit is ${DEFAULT_QUOTAS.rowsPerPeriod}`);
  expect(h.snapshot()).toBe(before);
  // At the quota, editing and deleting still work.
  await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: [{ id, baseVersion: 1, deleted: true }] }).expect(200);

  const page = await request(h.app).get(`/api/v1/findings?period=${PERIOD}&limit=1000`).set(bearer(key)).expect(200);
  expect(page.body.total).toBe(4999);
  expect(page.body.findings).toHaveLength(1000);
  expect(page.body.nextOffset).toBe(1000);
  const last = await request(h.app).get(`/api/v1/findings?period=${PERIOD}&offset=4500&limit=1000`).set(bearer(key)).expect(200);
  expect(last.body.findings).toHaveLength(499);
  expect(last.body.nextOffset).toBeNull();
}, 60_000);

test('a sync answer carries the findings of rows sharing an action with the batch\'s rows, and no others', async () => {
  h = createHarness();
  const key = h.key('HBBC');
  const first = randomUUID();
  const other = randomUUID();
  await sync(h.app, key, {
    period: PERIOD,
    batchId: randomUUID(),
    changes: [
      { id: first, baseVersion: 0, row: aRow({ action: 'Run the youth forum', rowNumber: 5 }) },
      { id: other, baseVersion: 0, row: aRow({ action: 'Something else', laaRefs: [], rowNumber: 6 }) },
    ],
  }).expect(200);
  const twin = randomUUID();
  const response = await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: [{ id: twin, baseVersion: 0, row: aRow({ action: 'Run the youth forum.', rowNumber: 7 }) }] }).expect(200);
  const rowIds = new Set(response.body.findings.map((f: { rowId: string }) => f.rowId));
  expect(rowIds.has(twin)).toBe(true);
  expect(response.body.findings).toContainEqual(expect.objectContaining({ rule: 'duplicate-action' }));
  expect(rowIds.has(other)).toBe(false);
});

test('quotas from the configuration: characters per row and per period are 413 with a clear message', async () => {
  h = createHarness({ config: { ...DEFAULT_CONFIG, quotas: { charactersPerRow: 5000, charactersPerPeriod: 20_000 } } });
  const key = h.key('HBBC');
  const long = await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: [{ id: randomUUID(), baseVersion: 0, row: aRow({ update: 'x'.repeat(6000) }) }] }).expect(413);
  expect(long.body.error.code).toBe('quota-row-characters');
  expect(long.body.error.message).toMatch(/a row may hold 5000/);
  const rows = Array.from({ length: 5 }, () => ({ id: randomUUID(), baseVersion: 0, row: aRow({ update: 'y'.repeat(4500) }) }));
  const total = await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: rows }).expect(413);
  expect(total.body.error.code).toBe('quota-characters');
  expect(total.body.error.message).toContain('Nothing was stored');
  await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: rows.slice(0, 3) }).expect(200);
});

describe('the coordinator\'s status over 60,000 rows', () => {
  let service: TestService;
  const dataDir = mkdtempSync(join(tmpdir(), 'dr-status-'));
  beforeAll(async () => {
    resolveWorkerFile('status-worker');
    // Written straight into the file (as a period stored before quotas would be): fast to make.
    const store = openSqliteStore({ file: databasePath(dataDir) });
    store.close();
    const db = new Database(databasePath(dataDir));
    const insert = db.prepare('INSERT INTO rows (period, district, id, version, deleted, data, updated_at, updated_by) VALUES (?, ?, ?, 1, 0, ?, ?, ?)');
    const districts = DEFAULT_CONFIG.districts.map((d) => d.code);
    const at = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < 60_000; i++) {
        const data = JSON.stringify(aRow({ action: `Action ${i}: work with partners on provision for young people`, laaRefs: i % 3 === 0 ? [] : ['SC7'] }));
        insert.run(PERIOD, districts[i % districts.length], randomUUID(), data, at, 'seed');
      }
    })();
    db.close();
    service = await startService({ dataDir });
  }, 60_000);
  afterAll(async () => {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('/healthz answers within 100 ms while the status is worked out', async () => {
    const coordinator = service.createKey('coordinator');
    let isDone = false;
    const status = fetch(`${service.url}/api/v1/master/status?period=${PERIOD}`, { headers: { authorization: `Bearer ${coordinator}` } }).then(async (r) => {
      isDone = true;
      return { status: r.status, body: (await r.json()) as { districts: { rows: number }[] } };
    });
    const waits: number[] = [];
    while (!isDone && waits.length < 200) {
      const sentAt = performance.now();
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      waits.push(performance.now() - sentAt);
      await new Promise((r) => setTimeout(r, 20));
    }
    const answered = await status;
    expect(answered.status).toBe(200);
    expect(answered.body.districts.reduce((sum, d) => sum + d.rows, 0)).toBe(60_000);
    // Several health checks happened while the status was being made, each answered at once.
    expect(waits.length).toBeGreaterThan(3);
    expect(Math.max(...waits)).toBeLessThan(100);
  }, 120_000);

  test('the master is refused past its stated size with a clear message, not made with gigabytes', async () => {
    const coordinator = service.createKey('coordinator');
    const response = await fetch(`${service.url}/api/v1/master.xlsx?period=${PERIOD}`, { headers: { authorization: `Bearer ${coordinator}` } });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('master-too-large');
    expect(body.error.message).toContain('60000 rows');
  });
});
