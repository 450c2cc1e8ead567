import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { RowsResponse, SyncResponse } from '../../shared';
import { aRow, bearer, createHarness, PERIOD, sync, type Harness } from './harness';

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
  // A later batch touching only b still reports a's missing ref: the rules see all the district's rows.
  const later = await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-f-0002', changes: [{ id: b, baseVersion: 1, row: aRow({ action: 'Another action', update: 'more' }) }] }).expect(200);
  expect(later.body.findings).toContainEqual(expect.objectContaining({ rule: 'missing-laa-ref', rowId: a }));
});

test('a batch is all-or-nothing: a failure inside the transaction stores none of it', async () => {
  const before = h.snapshot();
  const changes = [randomUUID(), randomUUID(), randomUUID()].map((id) => ({ id, baseVersion: 0, row: aRow({ action: `Action ${id}` }) }));
  await expect(
    h.store.applyBatch({ period: PERIOD, district: 'HBBC', batchId: 'batch-x-0001', changes, who: 'test', at: new Date().toISOString() }, () => {
      throw new Error('disk went away after the second row');
    }),
  ).rejects.toThrow('disk went away');
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
  const shared = randomUUID();
  await sync(h.app, hbbc, { period: PERIOD, batchId: 'batch-o-0001', changes: [{ id: shared, baseVersion: 0, row: aRow({ update: 'HBBC text' }) }] }).expect(200);
  // The same row id from another district is another row: no conflict, no overwrite.
  await sync(h.app, owbc, { period: PERIOD, batchId: 'batch-o-0001', changes: [{ id: shared, baseVersion: 0, row: aRow({ update: 'OWBC text' }) }] }).expect(200);
  expect((await rowsOf(hbbc)).map((r) => r.row.update)).toEqual(['HBBC text']);
  expect((await rowsOf(owbc)).map((r) => r.row.update)).toEqual(['OWBC text']);
  const all = await rowsOf(coordinator);
  expect(all.map((r) => [r.district, r.row.update])).toEqual([
    ['HBBC', 'HBBC text'],
    ['OWBC', 'OWBC text'],
  ]);
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
    changes: [randomUUID(), randomUUID()].map((id) => ({ id, baseVersion: 0, row: aRow({ action: `${tag} ${id}` }) })),
    who: 'test',
    at: new Date().toISOString(),
  });
  const [a, b, c] = [make('group-a'), make('group-b'), make('group-c')];
  const results = await Promise.allSettled([
    h.store.applyBatch(a, () => []),
    h.store.applyBatch(b, () => {
      throw new Error('this batch fails');
    }),
    h.store.applyBatch(c, () => []),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  const stored = new Set(h.store.listRows({ period: PERIOD, district: 'HBBC' }).map((r) => r.id));
  expect([...a.changes, ...c.changes].every((ch) => stored.has(ch.id))).toBe(true);
  expect(b.changes.some((ch) => stored.has(ch.id))).toBe(false);
});
