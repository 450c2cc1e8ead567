/**
 * The store's row cache is changed only after a commit: a batch that fails inside a commit group
 * leaves no trace in what later batches of the same group, or later groups, see.
 */
import { randomUUID } from 'node:crypto';
import type { SyncBatch } from '../../server/store/types';
import { aRow, createHarness, PERIOD, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

function batch(tag: string, changes: SyncBatch['changes']): SyncBatch {
  return { period: PERIOD, district: 'HBBC', batchId: `batch-${tag}`, changes, who: 'test', at: new Date().toISOString() };
}

test('a batch rolled back inside a group is not seen by the next batch of the group, nor by the next group', async () => {
  const shared = randomUUID();
  const results = await Promise.allSettled([
    h.store.applyBatch(batch('undo-a', [{ id: randomUUID(), baseVersion: 0, row: aRow({ action: 'kept a' }) }]), () => []),
    h.store.applyBatch(batch('undo-b', [{ id: shared, baseVersion: 0, row: aRow({ action: 'rolled back' }) }]), () => {
      throw new Error('this batch fails after writing');
    }),
    // Same row, baseVersion 0: applies only if the failed batch's write is gone from the cache too.
    h.store.applyBatch(batch('undo-c', [{ id: shared, baseVersion: 0, row: aRow({ action: 'kept c' }) }]), (rows) => {
      expect(rows.map((r) => r.row.action)).toEqual(['kept a', 'kept c']);
      return [];
    }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  const third = results[2] as PromiseFulfilledResult<Awaited<ReturnType<typeof h.store.applyBatch>>>;
  expect(third.value.response.applied).toEqual([{ id: shared, version: 1 }]);
  const next = await h.store.applyBatch(batch('undo-d', [{ id: shared, baseVersion: 1, row: aRow({ action: 'edited' }) }]), (rows) => {
    expect(rows.map((r) => r.row.action)).toEqual(['kept a', 'edited']);
    return [];
  });
  expect(next.response.applied).toEqual([{ id: shared, version: 2 }]);
  expect(h.store.listRows({ period: PERIOD, district: 'HBBC' }).map((r) => [r.row.action, r.version])).toEqual([
    ['kept a', 1],
    ['edited', 2],
  ]);
});
