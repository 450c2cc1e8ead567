/**
 * The row cache's live rows by action key (server/store/rows.ts), which a sync answer's findings
 * read instead of the whole district: after any sequence of syncs (adds, rewordings, deletes,
 * re-adds), uploads and batches that fail inside a commit group, the rows it gives for a set of
 * ids are exactly the district's live rows that are among the ids or share an action key with one
 * of them, in table order. A row missing here would be a duplicate-action finding an officer
 * never sees; a row too many, findings of rows the batch did not touch.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparisonKey, type RowPayload, type StoredRow } from '../../../shared';
import { openDatabase, watchOtherWriters } from '../../../server/store/database';
import { createRowTables, type WriteRow } from '../../../server/store/rows';
import type { SyncBatch } from '../../../server/store/types';
import { aRow, createHarness, PERIOD, type Harness } from '../harness';

/** Actions that share comparison keys in pairs ("Run the forum" and "run the forum."). */
const ACTIONS = ['Run the forum', 'run the  forum.', 'Youth work', 'YOUTH WORK!', 'Holiday scheme'];
const IDS = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);

type Step =
  | { kind: 'sync'; changes: { id: number; action: number | null }[] }
  | { kind: 'upload'; rows: { id: number; action: number }[] }
  | { kind: 'failed'; changes: { id: number; action: number }[] };

const change = fc.record({ id: fc.nat(IDS.length - 1), action: fc.option(fc.nat(ACTIONS.length - 1), { freq: 4 }) });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('sync' as const), changes: fc.uniqueArray(change, { minLength: 1, maxLength: 4, selector: (c) => c.id }) }),
  fc.record({ kind: fc.constant('upload' as const), rows: fc.uniqueArray(fc.record({ id: fc.nat(IDS.length - 1), action: fc.nat(ACTIONS.length - 1) }), { maxLength: 5, selector: (c) => c.id }) }),
  fc.record({ kind: fc.constant('failed' as const), changes: fc.uniqueArray(fc.record({ id: fc.nat(IDS.length - 1), action: fc.nat(ACTIONS.length - 1) }), { minLength: 1, maxLength: 3, selector: (c) => c.id }) }),
);

/** What the index must give: the live rows among `ids` or sharing an action key with one of them, in table order. */
function expected(live: readonly StoredRow[], ids: ReadonlySet<string>): StoredRow[] {
  const keys = new Set(live.filter((row) => ids.has(row.id)).map((row) => comparisonKey(row.row.action)));
  return live.filter((row) => keys.has(comparisonKey(row.row.action)));
}

let batches = 0;
function batch(changes: SyncBatch['changes']): SyncBatch {
  batches++;
  return { period: PERIOD, district: 'HBBC', batchId: `00000000-0000-4000-9000-${String(batches).padStart(12, '0')}`, digest: String(batches), changes, who: 'test', at: new Date().toISOString() };
}

async function run(h: Harness, s: Step): Promise<void> {
  const versions = new Map(h.store.listRows({ period: PERIOD, district: 'HBBC', includeDeleted: true }).map((row) => [row.id, { version: row.version, deleted: row.deleted }]));
  const base = (id: string) => versions.get(id)?.version ?? 0;
  if (s.kind === 'sync') {
    const changes: SyncBatch['changes'][number][] = [];
    for (const c of s.changes) {
      const id = IDS[c.id] as string;
      if (c.action === null) {
        const stored = versions.get(id);
        if (stored && !stored.deleted) changes.push({ id, baseVersion: stored.version, deleted: true });
      } else {
        changes.push({ id, baseVersion: base(id), row: aRow({ action: ACTIONS[c.action] as string }) });
      }
    }
    if (changes.length > 0) await h.store.applyBatch(batch(changes));
  } else if (s.kind === 'upload') {
    h.store.applyUpload({ period: PERIOD, district: 'HBBC', rows: s.rows.map((r) => ({ id: IDS[r.id] as string, row: aRow({ action: ACTIONS[r.action] as string }) })), who: 'test', at: new Date().toISOString(), dryRun: false });
  } else {
    // A batch that fails after writing its first rows, in the same commit group as one that applies.
    const poison = { ...aRow(), poison: 10n } as unknown as RowPayload;
    const failing = s.changes.map((c, i) => ({ id: IDS[c.id] as string, baseVersion: base(IDS[c.id] as string), row: i === s.changes.length - 1 ? poison : aRow({ action: ACTIONS[c.action] as string }) }));
    const first = s.changes[0] as { id: number; action: number };
    const other = IDS[(first.id + 1) % IDS.length] as string;
    const results = await Promise.allSettled([h.store.applyBatch(batch(failing)), h.store.applyBatch(batch([{ id: other, baseVersion: base(other), row: aRow({ action: ACTIONS[first.action] as string }) }]))]);
    expect(results[0]?.status).toBe('rejected');
  }
}

test('the live rows sharing an action with a set of ids are those a scan of the district finds, after any sequence of changes', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), fc.array(fc.subarray(IDS, { minLength: 1 }), { minLength: 1, maxLength: 3 }), async (steps, idSets) => {
      const h = createHarness();
      try {
        for (const s of steps) {
          await run(h, s);
          const live = h.store.liveRows(PERIOD, 'HBBC');
          for (const ids of idSets) {
            expect(h.store.liveRowsSharingAction(PERIOD, 'HBBC', ids).map((row) => [row.id, row.version, row.row.action])).toEqual(
              expected(live, new Set(ids)).map((row) => [row.id, row.version, row.row.action]),
            );
          }
        }
      } finally {
        h.close();
      }
    }),
    { numRuns: 60 },
  );
}, 60_000);

test('a row reworded to share another row\'s action is found with it, and no longer with its old twin', async () => {
  const h = createHarness();
  try {
    const [a, b, c] = IDS as [string, string, string];
    await h.store.applyBatch(batch([
      { id: a, baseVersion: 0, row: aRow({ action: 'Run the forum' }) },
      { id: b, baseVersion: 0, row: aRow({ action: 'run the forum.' }) },
      { id: c, baseVersion: 0, row: aRow({ action: 'Youth work' }) },
    ]));
    expect(h.store.liveRowsSharingAction(PERIOD, 'HBBC', [c]).map((row) => row.id)).toEqual([c]);
    await h.store.applyBatch(batch([{ id: b, baseVersion: 1, row: aRow({ action: 'YOUTH WORK' }) }]));
    expect(h.store.liveRowsSharingAction(PERIOD, 'HBBC', [c]).map((row) => row.id)).toEqual([b, c]);
    expect(h.store.liveRowsSharingAction(PERIOD, 'HBBC', [a]).map((row) => row.id)).toEqual([a]);
    await h.store.applyBatch(batch([{ id: c, baseVersion: 1, deleted: true }]));
    expect(h.store.liveRowsSharingAction(PERIOD, 'HBBC', [b, c]).map((row) => row.id)).toEqual([b]);
  } finally {
    h.close();
  }
});

test('inside a unit of work, rows changed but not yet committed are found by their new action', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rows-by-action-'));
  const db = openDatabase(join(dir, 'returns.db'), () => new Date());
  try {
    const rows = createRowTables(db, watchOtherWriters(db));
    const [a, b, c] = IDS as [string, string, string];
    const write = (id: string, version: number, action: string, beforeJson: string | null): WriteRow => ({
      period: PERIOD, district: 'HBBC', id, version, row: aRow({ action }), beforeJson, isNew: version === 1, who: 'test', at: '2008-03-01T00:00:00.000Z', source: 'sync', batchId: null,
    });
    db.transaction(() => {
      rows.beginWork();
      rows.writeRows([write(a, 1, 'Run the forum', null), write(b, 1, 'Youth work', null)]);
      rows.commitWork();
    })();
    db.transaction(() => {
      rows.beginWork();
      const before = rows.districtRows(PERIOD, 'HBBC').get(b)?.data ?? null;
      rows.writeRows([write(b, 2, 'run the forum.', before), write(c, 1, 'RUN THE FORUM', null)]);
      const view = rows.districtRows(PERIOD, 'HBBC');
      expect(view.liveSharingAction([a]).map((row) => row.stored.id)).toEqual([a, b, c]);
      expect(view.liveSharingAction([c]).map((row) => row.stored.id)).toEqual([a, b, c]);
      rows.discardWork();
    })();
    // Discarded: the committed rows are as they were.
    expect(rows.districtRows(PERIOD, 'HBBC').liveSharingAction([a]).map((row) => row.stored.id)).toEqual([a]);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
