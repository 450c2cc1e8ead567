/**
 * The sync answer's findings check LAA refs against the codes in use in the period synced:
 * NI 50 (from April 2008 in the default catalogue) is out of its time in 2007-10 and in use in 2008-08.
 */
import { randomUUID } from 'node:crypto';
import type { SyncResponse } from '../../shared';
import request from 'supertest';
import { aRow, bearer, createHarness, sync, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

test("a synced row's LAA refs are checked against the period synced, row by row and across batches", async () => {
  const key = h.key('HBBC');
  const row = aRow({ laaRefs: ['NI 50'] });
  const outOfPeriod = (body: SyncResponse) => body.findings.filter((f) => f.rule === 'laa-ref-out-of-period');

  const october2007 = (await sync(h.app, key, { period: '2007-10', batchId: 'batch-2007-10', changes: [{ id: randomUUID(), baseVersion: 0, row }] }).expect(200)).body as SyncResponse;
  expect(outOfPeriod(october2007)).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('NI 50 is not in use in') })]);

  const august2008 = (await sync(h.app, key, { period: '2008-08', batchId: 'batch-2008-08', changes: [{ id: randomUUID(), baseVersion: 0, row }] }).expect(200)).body as SyncResponse;
  expect(august2008.findings).toEqual([]);

  // A later batch for 2007-10 answers its own row's findings; the district's full list (GET
  // /findings) still checks the earlier row against 2007-10, and the 2008-08 row against 2008-08.
  const again = (await sync(h.app, key, { period: '2007-10', batchId: 'batch-2007-10-b', changes: [{ id: randomUUID(), baseVersion: 0, row: aRow({ action: 'Another action', laaRefs: ['SC7'] }) }] }).expect(200)).body as SyncResponse;
  expect(outOfPeriod(again)).toEqual([]);
  const listed = async (period: string) =>
    ((await request(h.app).get(`/api/v1/findings?period=${period}&district=HBBC`).set(bearer(key)).expect(200)).body.findings as SyncResponse['findings']).filter(
      (f) => f.rule === 'laa-ref-out-of-period',
    );
  expect(await listed('2007-10')).toEqual([expect.objectContaining({ message: expect.stringContaining('NI 50 is not in use in') })]);
  expect(await listed('2008-08')).toEqual([]);
});
