import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { RowsResponse, SyncResponse } from '../../shared';
import { databasePath } from '../../server/main';
import { aRow, bearer, createHarness, PERIOD, sync, type Harness } from './harness';
import type { RowPayload } from '../../shared';

/** A row the store fails on while writing it (JSON.stringify cannot write a BigInt). */
function poisonedRow(): RowPayload {
  return { ...aRow(), poison: 10n } as unknown as RowPayload;
}

let h: Harness;
let hbbc: string;
beforeEach(() => {
  h = createHarness();
  hbbc = h.key('HBBC');
});
afterEach(() => h.close());

async function rowsOf(key: string): Promise<RowsResponse['rows']> {
  const response = await request(h.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(key)).expect(200);
  return (response.body as RowsResponse).rows;
}

test('a new row is stored at version 1 under the configuration\'s outcome name, and read back', async () => {
  const id = randomUUID();
  const response = await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-0001', changes: [{ id, baseVersion: 0, row: aRow({ outcome: 'Staying Safe' }) }] }).expect(200);
  expect(response.body).toEqual({ applied: [{ id, version: 1 }], conflicts: [], findings: [] });
  const rows = await rowsOf(hbbc);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ id, district: 'HBBC', period: PERIOD, version: 1, deleted: false, row: { outcome: 'Stay safe', action: aRow().action } });
});

test('the same batchId sent again gets the first answer and changes nothing', async () => {
  const id = randomUUID();
  const batch = { period: PERIOD, batchId: 'retry-after-timeout', changes: [{ id, baseVersion: 0, row: aRow() }] };
  const first = await sync(h.app, hbbc, batch).expect(200);
  const before = h.snapshot();
  const again = await sync(h.app, hbbc, batch).expect(200);
  expect(again.body).toEqual(first.body);
  expect(again.headers['idempotent-replay']).toBe('true');
  expect(h.snapshot()).toBe(before);
  // Without the batch id a resend of baseVersion 0 would be a conflict; with it, the client sees success.
  expect((again.body as SyncResponse).conflicts).toEqual([]);
});

test('a stale baseVersion is a conflict returned with the stored row, which is not overwritten', async () => {
  const id = randomUUID();
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-a-0001', changes: [{ id, baseVersion: 0, row: aRow({ update: 'First officer' }) }] }).expect(200);
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-a-0002', changes: [{ id, baseVersion: 1, row: aRow({ update: 'Second edit' }) }] }).expect(200);
  const stale = await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-b-0001', changes: [{ id, baseVersion: 1, row: aRow({ update: 'Edited offline' }) }] }).expect(200);
  expect(stale.body.applied).toEqual([]);
  expect(stale.body.conflicts).toEqual([{ id, version: 2, row: expect.objectContaining({ update: 'Second edit' }) }]);
  const rows = await rowsOf(hbbc);
  expect(rows[0]).toMatchObject({ version: 2, row: { update: 'Second edit' } });
});

test('in one batch, conflicting changes are held back while the others apply', async () => {
  const kept = randomUUID();
  const fresh = randomUUID();
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-c-0001', changes: [{ id: kept, baseVersion: 0, row: aRow() }] }).expect(200);
  const response = await sync(h.app, hbbc, {
    period: PERIOD,
    batchId: 'batch-c-0002',
    changes: [
      { id: kept, baseVersion: 0, row: aRow({ update: 'overwrite?' }) },
      { id: fresh, baseVersion: 0, row: aRow({ action: 'A second action' }) },
    ],
  }).expect(200);
  expect(response.body.applied).toEqual([{ id: fresh, version: 1 }]);
  expect(response.body.conflicts).toEqual([{ id: kept, version: 1, row: expect.objectContaining({ update: aRow().update }) }]);
});

test('a deletion marks the row deleted: gone from /rows, kept in history', async () => {
  const id = randomUUID();
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-d-0001', changes: [{ id, baseVersion: 0, row: aRow() }] }).expect(200);
  const del = await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-d-0002', changes: [{ id, baseVersion: 1, deleted: true }] }).expect(200);
  expect(del.body.applied).toEqual([{ id, version: 2 }]);
  expect(await rowsOf(hbbc)).toEqual([]);
  const history = await request(h.app).get(`/api/v1/rows/${id}/history?period=${PERIOD}`).set(bearer(hbbc)).expect(200);
  expect(history.body.history.map((e: { version: number; before: unknown; after: unknown }) => [e.version, e.before === null, e.after === null])).toEqual([
    [1, true, false],
    [2, false, true],
  ]);
  // A stale edit of the deleted row is a conflict carrying row: null.
  const stale = await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-d-0003', changes: [{ id, baseVersion: 1, row: aRow() }] }).expect(200);
  expect(stale.body.conflicts).toEqual([{ id, version: 2, row: null }]);
});

test('history records who, when, before and after for each version', async () => {
  const id = randomUUID();
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-h-0001', changes: [{ id, baseVersion: 0, row: aRow({ update: 'v1' }) }] }).expect(200);
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-h-0002', changes: [{ id, baseVersion: 1, row: aRow({ update: 'v2' }) }] }).expect(200);
  const response = await request(h.app).get(`/api/v1/rows/${id.toUpperCase()}/history?period=${PERIOD}`).set(bearer(hbbc)).expect(200);
  const [first, second] = response.body.history;
  expect(first).toMatchObject({ id, district: 'HBBC', version: 1, source: 'sync', batchId: 'batch-h-0001', before: null, after: { update: 'v1' } });
  expect(second).toMatchObject({ version: 2, before: { update: 'v1' }, after: { update: 'v2' } });
  expect(first.who).toMatch(/^[0-9a-f]{12}$/);
  expect(Number.isNaN(Date.parse(second.at))).toBe(false);
});

test('findings are the shared rules over the district\'s rows after the batch', async () => {
  const a = randomUUID();
  const b = randomUUID();
  const response = await sync(h.app, hbbc, {
    period: PERIOD,
    batchId: 'batch-f-0001',
    changes: [
      { id: a, baseVersion: 0, row: aRow({ laaRefs: [], sheet: 'Stay Safe', rowNumber: 7 }) },
      { id: b, baseVersion: 0, row: aRow({ action: 'Another action', laaRefs: ['CYP.8'] }) },
    ],
  }).expect(200);
  const findings = response.body.findings as { rule: string; rowId?: string; cell: string }[];
  expect(findings).toContainEqual(expect.objectContaining({ rule: 'missing-laa-ref', rowId: a, cell: 'C7' }));
  // CYP.8 is a typing variant the catalogue forgives: no finding for row b.
  expect(findings.filter((f) => f.rowId === b)).toEqual([]);
  // A later batch touching only b answers b's findings only; a's stay in the district's full list.
  const later = await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-f-0002', changes: [{ id: b, baseVersion: 1, row: aRow({ action: 'Another action', update: 'more' }) }] }).expect(200);
  expect(later.body.findings.filter((f: { rowId?: string }) => f.rowId === a)).toEqual([]);
  const full = await request(h.app).get(`/api/v1/findings?period=${PERIOD}`).set(bearer(hbbc)).expect(200);
  expect(full.body.findings).toContainEqual(expect.objectContaining({ rule: 'missing-laa-ref', rowId: a, cell: 'C7' }));
  expect(full.body.total).toBe(full.body.findings.length);
});

test('a batch is all-or-nothing: a failure inside the transaction stores none of it', async () => {
  const before = h.snapshot();
  const changes = [randomUUID(), randomUUID(), randomUUID()].map((id) => ({ id, baseVersion: 0, row: aRow({ action: `Action ${id}` }) }));
  // The third row fails while being written, after the first two were.
  const failing = [...changes.slice(0, 2), { id: randomUUID(), baseVersion: 0, row: poisonedRow() }];
  await expect(
    h.store.applyBatch({ period: PERIOD, district: 'HBBC', batchId: 'batch-x-0001', digest: 'x-0001', changes: failing, who: 'test', at: new Date().toISOString() }),
  ).rejects.toThrow(/BigInt/);
  expect(h.snapshot()).toBe(before);
  // And through HTTP: one bad change refuses the whole batch.
  const response = await sync(h.app, hbbc, {
    period: PERIOD,
    batchId: 'batch-x-0002',
    changes: [...changes.slice(0, 2), { id: randomUUID(), baseVersion: 0, row: aRow({ outcome: 'Be wealthy' }) }],
  }).expect(400);
  expect(response.body.error.code).toBe('unknown-outcome');
  expect(h.snapshot()).toBe(before);
});

test('each district\'s rows are its own; the coordinator reads them all with their district', async () => {
  const owbc = h.key('OWBC');
  const coordinator = h.key('coordinator');
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-o-0001', changes: [{ id: randomUUID(), baseVersion: 0, row: aRow({ update: 'HBBC text' }) }] }).expect(200);
  await sync(h.app, owbc, { period: PERIOD, batchId: 'batch-o-0001', changes: [{ id: randomUUID(), baseVersion: 0, row: aRow({ update: 'OWBC text' }) }] }).expect(200);
  expect((await rowsOf(hbbc)).map((r) => r.row.update)).toEqual(['HBBC text']);
  expect((await rowsOf(owbc)).map((r) => r.row.update)).toEqual(['OWBC text']);
  const all = await rowsOf(coordinator);
  expect(all.map((r) => [r.district, r.row.update])).toEqual([
    ['HBBC', 'HBBC text'],
    ['OWBC', 'OWBC text'],
  ]);
});

test('a row id already used by another district is refused with 409, and history stays within one district', async () => {
  const owbc = h.key('OWBC');
  const coordinator = h.key('coordinator');
  const shared = randomUUID();
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-o-0001', changes: [{ id: shared, baseVersion: 0, row: aRow({ update: 'HBBC text' }) }] }).expect(200);
  const before = h.snapshot();
  const refused = await sync(h.app, owbc, {
    period: PERIOD,
    batchId: 'batch-o-0002',
    changes: [
      { id: randomUUID(), baseVersion: 0, row: aRow({ update: 'OWBC other row' }) },
      { id: shared, baseVersion: 0, row: aRow({ update: 'OWBC text' }) },
    ],
  }).expect(409);
  expect(refused.body.error.code).toBe('row-id-of-another-district');
  // Refused whole, and the message does not say whose row it is.
  expect(refused.body.error.message).not.toContain('HBBC');
  expect(h.snapshot()).toBe(before);
  // Another period is refused too: the id names HBBC's row for good.
  await sync(h.app, owbc, { period: '2007-10', batchId: 'batch-o-0003', changes: [{ id: shared, baseVersion: 0, row: aRow() }] }).expect(409);
  const history = await request(h.app).get(`/api/v1/rows/${shared}/history?period=${PERIOD}`).set(bearer(coordinator)).expect(200);
  expect(history.body.history.map((e: { district: string; after: { update: string } }) => [e.district, e.after.update])).toEqual([['HBBC', 'HBBC text']]);
  // The coordinator reads whose key made the change, not only its id.
  expect(history.body.history[0].whoIs).toEqual({ role: 'district', district: 'HBBC' });
  await request(h.app).get(`/api/v1/rows/${shared}/history?period=${PERIOD}`).set(bearer(owbc)).expect(404);
});

test('a file where two districts already share a row id: the coordinator names the district to read its history', async () => {
  const coordinator = h.key('coordinator');
  const shared = randomUUID();
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-l-0001', changes: [{ id: shared, baseVersion: 0, row: aRow({ update: 'HBBC text' }) }] }).expect(200);
  // As a file written before ids were refused across districts would hold it.
  const db = new Database(databasePath(h.dataDir));
  const seq = db.prepare("INSERT INTO history (period, district, id, version, who, at, source, batch_id, before, after) SELECT period, 'OWBC', id, 1, who, at, source, batch_id, before, after FROM history WHERE id = ?").run(shared).lastInsertRowid;
  db.prepare("INSERT INTO rows (period, district, id, version, deleted, data, updated_at, updated_by, history_seq) SELECT period, 'OWBC', id, 1, 0, data, updated_at, updated_by, ? FROM rows WHERE id = ?").run(seq, shared);
  db.close();
  const ambiguous = await request(h.app).get(`/api/v1/rows/${shared}/history?period=${PERIOD}`).set(bearer(coordinator)).expect(400);
  expect(ambiguous.body.error.code).toBe('district-required');
  const own = await request(h.app).get(`/api/v1/rows/${shared}/history?period=${PERIOD}&district=OWBC`).set(bearer(coordinator)).expect(200);
  expect(own.body.history.map((e: { district: string }) => e.district)).toEqual(['OWBC']);
});

test('GET /config gives the partnership configuration for offline checking', async () => {
  const response = await request(h.app).get('/api/v1/config').set(bearer(hbbc)).expect(200);
  expect(response.body.partnership.name).toBe('Leicestershire');
  expect(response.body.districts.map((d: { code: string }) => d.code)).toContain('NWLDC');
  expect(response.body.periods.map((p: { id: string }) => p.id)).toContain(PERIOD);
});

test('batches committed together stay independent: one that fails undoes only itself', async () => {
  const make = (tag: string) => ({
    period: PERIOD,
    district: 'HBBC',
    batchId: `batch-${tag}`,
    digest: tag,
    changes: [randomUUID(), randomUUID()].map((id) => ({ id, baseVersion: 0, row: aRow({ action: `${tag} ${id}` }) })),
    who: 'test',
    at: new Date().toISOString(),
  });
  const [a, b, c] = [make('group-a'), make('group-b'), make('group-c')];
  const results = await Promise.allSettled([
    h.store.applyBatch(a),
    h.store.applyBatch({ ...b, changes: [...b.changes, { id: randomUUID(), baseVersion: 0, row: poisonedRow() }] }),
    h.store.applyBatch(c),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  const stored = new Set(h.store.listRows({ period: PERIOD, district: 'HBBC' }).map((r) => r.id));
  expect([...a.changes, ...c.changes].every((ch) => stored.has(ch.id))).toBe(true);
  expect(b.changes.some((ch) => stored.has(ch.id))).toBe(false);
});

test('quotas in one commit group count only what is stored: a refused batch frees its rows for the next', async () => {
  const quotas = { rowsPerPeriod: 5, charactersPerPeriod: 1_000_000 };
  const make = (tag: string, rows: number) => ({
    period: PERIOD,
    district: 'HBBC',
    batchId: `batch-${tag}`,
    digest: tag,
    changes: Array.from({ length: rows }, () => randomUUID()).map((id) => ({ id, baseVersion: 0, row: aRow({ action: `${tag} ${id}` }) })),
    who: 'test',
    at: new Date().toISOString(),
    quotas,
  });
  // 2 stored, then 4 more would make 6 (refused, undone), then 3 more make 5: all in one group.
  const results = await Promise.allSettled([h.store.applyBatch(make('quota-a', 2)), h.store.applyBatch(make('quota-b', 4)), h.store.applyBatch(make('quota-c', 3))]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'quota-rows', details: { limit: 5, rows: 6 } });
  expect(h.store.listRows({ period: PERIOD, district: 'HBBC' })).toHaveLength(5);
  // After the commit the count goes on from the stored 5: one more is refused, a deletion frees a place.
  await expect(h.store.applyBatch(make('quota-d', 1))).rejects.toMatchObject({ code: 'quota-rows', details: { rows: 6 } });
  const gone = h.store.listRows({ period: PERIOD, district: 'HBBC' })[0]!;
  await h.store.applyBatch({ ...make('quota-e', 0), changes: [{ id: gone.id, baseVersion: gone.version, deleted: true }] });
  await h.store.applyBatch(make('quota-f', 1));
  expect(h.store.listRows({ period: PERIOD, district: 'HBBC' })).toHaveLength(5);
});

test('a batchId reused with other changes or another period is refused with 409 and stores nothing', async () => {
  const first = randomUUID();
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'reused-batch-id', changes: [{ id: first, baseVersion: 0, row: aRow({ update: 'first' }) }] }).expect(200);
  const before = h.snapshot();
  const otherRow = randomUUID();
  const reused = await sync(h.app, hbbc, { period: PERIOD, batchId: 'reused-batch-id', changes: [{ id: otherRow, baseVersion: 0, row: aRow({ update: 'second' }) }] }).expect(409);
  expect(reused.body.error.code).toBe('batch-id-reused');
  expect(reused.body.error.message).toContain('new id');
  const otherPeriod = await sync(h.app, hbbc, { period: '2007-10', batchId: 'reused-batch-id', changes: [{ id: first, baseVersion: 0, row: aRow({ update: 'first' }) }] }).expect(409);
  expect(otherPeriod.body.error.code).toBe('batch-id-reused');
  expect(h.snapshot()).toBe(before);
  // The same batch again, spelled differently (an outcome alias, an upper-case id), is the same batch: replayed.
  const again = await sync(h.app, hbbc, {
    period: PERIOD,
    batchId: 'reused-batch-id',
    changes: [{ id: first.toUpperCase(), baseVersion: 0, row: aRow({ outcome: 'Staying Safe', update: 'first' }) }],
  }).expect(200);
  expect(again.headers['idempotent-replay']).toBe('true');
  expect(h.snapshot()).toBe(before);
});

test('batch ids are scoped per district: two districts may use the same one', async () => {
  const owbc = h.key('OWBC');
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'shared-batch-id', changes: [{ id: randomUUID(), baseVersion: 0, row: aRow({ update: 'HBBC' }) }] }).expect(200);
  const other = await sync(h.app, owbc, { period: PERIOD, batchId: 'shared-batch-id', changes: [{ id: randomUUID(), baseVersion: 0, row: aRow({ update: 'OWBC' }) }] }).expect(200);
  expect(other.headers['idempotent-replay']).toBeUndefined();
  expect((await rowsOf(owbc)).map((r) => r.row.update)).toEqual(['OWBC']);
});

test('GET /rows pages with offset and limit; without them it answers every row as before', async () => {
  const ids = Array.from({ length: 5 }, () => randomUUID());
  await sync(h.app, hbbc, { period: PERIOD, batchId: randomUUID(), changes: ids.map((id, i) => ({ id, baseVersion: 0, row: aRow({ action: `Paged ${i}` }) })) }).expect(200);
  const first = await request(h.app).get(`/api/v1/rows?period=${PERIOD}&limit=2`).set(bearer(hbbc)).expect(200);
  expect(first.body.rows.map((r: { id: string }) => r.id)).toEqual(ids.slice(0, 2));
  expect(first.body.nextOffset).toBe(2);
  const last = await request(h.app).get(`/api/v1/rows?period=${PERIOD}&offset=4&limit=2`).set(bearer(hbbc)).expect(200);
  expect(last.body.rows.map((r: { id: string }) => r.id)).toEqual(ids.slice(4));
  expect(last.body.nextOffset).toBeNull();
  expect((await rowsOf(hbbc)).map((r) => r.id)).toEqual(ids);
  await request(h.app).get(`/api/v1/rows?period=${PERIOD}&limit=5001`).set(bearer(hbbc)).expect(400);
});

test('findings name the cells the client sent for the row (its own column order)', async () => {
  const id = randomUUID();
  const response = await sync(h.app, hbbc, {
    period: PERIOD,
    batchId: randomUUID(),
    changes: [{ id, baseVersion: 0, row: aRow({ laaRefs: [], sheet: 'Stay Safe', rowNumber: 5, cells: { action: 'A5', update: 'B5', outcome: 'D5', laaRef: 'F5' } }) }],
  }).expect(200);
  expect(response.body.findings).toContainEqual(expect.objectContaining({ rule: 'missing-laa-ref', rowId: id, sheet: 'Stay Safe', cell: 'F5' }));
});
