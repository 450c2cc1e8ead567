/**
 * The service applies sync batches on a worker thread with its own SQLite connection
 * (server/sync/sync-engine.ts). What a district sees must not depend on where the batch was
 * applied: the same answers, the same refusals with the same words, the coordinator's catalogue
 * changes at once, a full disk still 507, and nothing accepted lost when the service stops.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { databasePath } from '../../server/main';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite-store';
import { createWorkerSyncEngine, type SyncEngine } from '../../server/sync/sync-engine';
import type { SyncRequest } from '../../shared';
import { aRow, bearer, createHarness, PERIOD, sync, type Harness } from './harness';

const open: { h: Harness; engine?: SyncEngine; own?: SqliteStore }[] = [];
afterEach(async () => {
  for (const { h, engine, own } of open.splice(0)) {
    await engine?.close();
    own?.close();
    h.close();
  }
});

/** The app with batches applied on the worker, as `serve` runs it. */
function onWorker(options: { maxBytes?: number } = {}): Harness {
  const h = createHarness();
  let own: SqliteStore | undefined;
  if (options.maxBytes !== undefined) {
    own = openSqliteStore({ file: databasePath(h.dataDir), maxBytes: options.maxBytes });
    h.deps.store = own;
  }
  const store = h.deps.store;
  const engine = createWorkerSyncEngine({
    file: databasePath(h.dataDir),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    getConfig: () => h.deps.config,
    onCommitted: () => store.noteWriteCommitted(),
  });
  h.deps.syncEngine = engine;
  open.push({ h, engine, ...(own ? { own } : {}) });
  return h;
}

function inProcess(): Harness {
  const h = createHarness();
  open.push({ h });
  return h;
}

test('a run of batches gets the same answers, findings included, on the worker as in process', async () => {
  const ids = Array.from({ length: 6 }, () => randomUUID());
  // Adds, a change, a conflict (stale baseVersion), a delete, a replay and a duplicate action.
  const batches: SyncRequest[] = [
    { period: PERIOD, batchId: 'batch-001', changes: ids.slice(0, 4).map((id, i) => ({ id, baseVersion: 0, row: aRow({ action: `Action ${i}`, laaRefs: i === 2 ? [] : ['SC7'] }) })) },
    { period: PERIOD, batchId: 'batch-002', changes: [{ id: ids[0]!, baseVersion: 1, row: aRow({ action: 'Action 0', update: 'Changed.' }) }, { id: ids[1]!, baseVersion: 0, row: aRow({ action: 'Action 1' }) }] },
    { period: PERIOD, batchId: 'batch-003', changes: [{ id: ids[2]!, baseVersion: 1, deleted: true }, { id: ids[4]!, baseVersion: 0, row: aRow({ action: 'Action 3' }) }] },
    { period: PERIOD, batchId: 'batch-002', changes: [{ id: ids[0]!, baseVersion: 1, row: aRow({ action: 'Action 0', update: 'Changed.' }) }, { id: ids[1]!, baseVersion: 0, row: aRow({ action: 'Action 1' }) }] },
  ];
  const answers = async (h: Harness) => {
    const key = h.key('HBBC');
    const out: unknown[] = [];
    for (const batch of batches) {
      const response = await sync(h.app, key, batch);
      out.push([response.status, response.headers['idempotent-replay'] ?? null, response.body]);
    }
    return out;
  };
  const here = await answers(inProcess());
  const there = await answers(onWorker());
  expect(there).toEqual(here);
  // The run did what a district would expect: a conflict, a duplicate-action finding, a replay.
  expect(JSON.stringify(here)).toContain('"conflicts":[{"id"');
  expect(JSON.stringify(here)).toContain('duplicate-action');
  expect((here[3] as unknown[])[1]).toBe('true');
});

test('refusals made on the worker reach the district whole: 409 for a reused batch id or another district\'s row id, 413 past a quota', async () => {
  const h = onWorker();
  h.deps.config = { ...h.deps.config, quotas: { rowsPerPeriod: 3 } };
  const hbbc = h.key('HBBC');
  const owbc = h.key('OWBC');
  const id = randomUUID();
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-once', changes: [{ id, baseVersion: 0, row: aRow() }] }).expect(200);
  const reused = await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-once', changes: [{ id: randomUUID(), baseVersion: 0, row: aRow() }] }).expect(409);
  expect(reused.body.error).toMatchObject({ code: 'batch-id-reused', details: { batchId: 'batch-once' } });
  expect(reused.body.error.message).toMatch(/already used by HBBC for a different batch.*Nothing was stored/);
  const theirs = await sync(h.app, owbc, { period: PERIOD, batchId: 'batch-o-1', changes: [{ id, baseVersion: 0, row: aRow() }] }).expect(409);
  expect(theirs.body.error.code).toBe('row-id-of-another-district');
  const many = Array.from({ length: 3 }, () => ({ id: randomUUID(), baseVersion: 0, row: aRow({ action: randomUUID() }) }));
  const over = await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-many', changes: many }).expect(413);
  expect(over.body.error).toMatchObject({ code: 'quota-rows', details: { limit: 3, rows: 4 } });
  const rows = await request(h.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(hbbc)).expect(200);
  expect(rows.body.rows.map((r: { id: string }) => r.id)).toEqual([id]);
});

test("the coordinator's new LAA ref is known to the next batch applied on the worker", async () => {
  const h = onWorker();
  const hbbc = h.key('HBBC');
  const coordinator = h.key('coordinator');
  const id = randomUUID();
  const first = await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-r-1', changes: [{ id, baseVersion: 0, row: aRow({ laaRefs: ['CYP9'] }) }] }).expect(200);
  expect(first.body.findings.map((f: { rule: string }) => f.rule)).toContain('unknown-laa-ref');
  await request(h.app).post('/api/v1/laa-refs').set(bearer(coordinator)).send({ code: 'CYP9', title: 'A local indicator' }).expect(201);
  const second = await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-r-2', changes: [{ id, baseVersion: 1, row: aRow({ laaRefs: ['CYP9'], update: 'Again.' }) }] }).expect(200);
  expect(second.body.findings.map((f: { rule: string }) => f.rule)).not.toContain('unknown-laa-ref');
});

test('a full disk met on the worker is 507 with plain words, and /readyz recovers after the next committed batch', async () => {
  const h = onWorker({ maxBytes: 400 * 1024 });
  const key = h.key('HBBC');
  const before = h.snapshot();
  const big = Array.from({ length: 20 }, () => ({ id: randomUUID(), baseVersion: 0, row: aRow({ update: 'x'.repeat(30_000) }) }));
  const full = await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: big }).expect(507);
  expect(full.body.error.code).toBe('disk-full');
  expect(full.body.error.message).toMatch(/disk is full.*nothing was stored/i);
  expect(h.snapshot()).toBe(before);
  await request(h.app).get('/readyz').expect(507);
  await sync(h.app, key, { period: PERIOD, batchId: randomUUID(), changes: [{ id: randomUUID(), baseVersion: 0, row: aRow() }] }).expect(200);
  await request(h.app).get('/readyz').expect(200);
});

test('batches accepted when the service stops are committed and answered, none lost', async () => {
  const h = onWorker();
  const engine = h.deps.syncEngine as SyncEngine;
  const ids = Array.from({ length: 40 }, () => randomUUID());
  const sent = ids.map((id, i) => engine.apply({ district: 'HBBC', who: 'k', request: { period: PERIOD, batchId: `batch-stop-${i}`, changes: [{ id, baseVersion: 0, row: aRow({ action: `Action ${i}` }) }] } }));
  const closed = engine.close();
  const answers = await Promise.all(sent);
  await closed;
  expect(answers.every((a) => a.response.applied.length === 1)).toBe(true);
  await expect(engine.apply({ district: 'HBBC', who: 'k', request: { period: PERIOD, batchId: 'batch-late', changes: [] } })).rejects.toThrow(/closed/);
  const db = new Database(databasePath(h.dataDir), { readonly: true });
  expect(db.prepare("SELECT COUNT(*) FROM rows WHERE district = 'HBBC'").pluck().get()).toBe(40);
  db.close();
});
