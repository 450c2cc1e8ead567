/**
 * What a district sees after uploading its return again: rows matched to the ones it already
 * has (by Row ID, else by outcome and action), only real changes stored as new versions, so a
 * row's history stays continuous. Each test opens its own SQLite file; none depends on another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowPayload, StoredRow } from '../../../shared';
import { openSqliteStore, type SqliteStore } from '../../../server/store/sqlite-store';
import type { UploadRow } from '../../../server/store/types';
import { changedFields, isSameContent, nextBase, planUpload, type PlanEntry } from '../../../server/store/upload-plan';

const PERIOD = '2008-03';

function payload(partial: Partial<RowPayload> & Pick<RowPayload, 'action'>): RowPayload {
  return { outcome: 'Stay safe', aim: 'S1', laaRefs: ['SC7'], update: 'Done.', status: 'On track', ...partial };
}

function stored(id: string, partial: Partial<RowPayload> & Pick<RowPayload, 'action'>, extra: Partial<StoredRow> = {}): StoredRow {
  return { id, district: 'HBBC', period: PERIOD, version: 1, deleted: false, updatedAt: '2008-03-01T00:00:00.000Z', row: payload(partial), ...extra };
}

const ids = () => {
  let n = 0;
  return () => `new-${++n}`;
};

const ref = (op: PlanEntry) => [op.kind, op.kind === 'add' ? op.id : op.existing.id];
const baseOf = (...rows: StoredRow[]) => new Map(rows.map((r) => [r.id, r.row]));

describe('planUpload', () => {
  it('calls a row the same only when outcome, aim, action, update, status and refs are all the same', () => {
    const before = payload({ action: 'Youth strategy' });
    expect(isSameContent(before, { ...before, sheet: 'Other', rowNumber: 40 })).toBe(true);
    for (const change of [
      { status: 'At risk' as const },
      { status: null },
      { aim: 'S2' },
      { laaRefs: ['SC7', 'CYP8'] },
      { laaRefs: ['CYP8'] },
      { laaRefs: [] },
      { update: 'Done and reviewed.' },
      { outcome: 'Be healthy' },
      { action: 'Youth strategy agreed' },
    ]) {
      expect(isSameContent(before, { ...before, ...change })).toBe(false);
      expect(isSameContent({ ...before, ...change }, before)).toBe(false);
    }
    expect(changedFields(before, { ...before, status: 'At risk', laaRefs: ['SC7', 'CYP8'] })).toEqual(['laaRefs', 'status']);
  });

  it.each([
    ['status', { status: 'At risk' as const }],
    ['aim', { aim: 'S2' }],
    ['laaRefs', { laaRefs: ['SC7', 'CYP8'] }],
  ])('takes a re-upload where only the %s changed, rather than calling it unchanged', (field, change) => {
    const existing = [stored('r1', { action: 'Youth strategy' })];
    const incoming = payload({ action: 'Youth strategy', ...change });
    const plan = planUpload(existing, [{ id: null, row: incoming }], baseOf(...existing), ids());
    expect(plan).toEqual([{ kind: 'change', existing: existing[0], row: { ...existing[0]!.row, ...change }, fields: [field], incoming }]);
  });

  it('matches by Row ID first, so a reworded action keeps its row (and its history)', () => {
    const existing = [stored('r1', { action: 'Youth strategy' }), stored('r2', { action: 'Green gym' })];
    const reworded = payload({ action: 'Youth strategy for 2008 to 2011' });
    const plan = planUpload(existing, [{ id: 'r1', row: reworded }, { id: 'r2', row: payload({ action: 'Green gym' }) }], baseOf(...existing), ids());
    expect(plan.map(ref)).toEqual([
      ['change', 'r1'],
      ['leave', 'r2'],
    ]);
    expect(plan[0]).toMatchObject({ fields: ['action'], row: { action: 'Youth strategy for 2008 to 2011' } });
  });

  it('matches by outcome and action however spelt when there is no Row ID, not by position', () => {
    const existing = [stored('r1', { action: 'Youth strategy' }), stored('r2', { action: 'Green gym' }), stored('r3', { action: 'Green gym', outcome: 'Be healthy' })];
    const plan = planUpload(
      existing,
      [
        { id: null, row: payload({ action: 'green  gym.', outcome: 'Be healthy' }) },
        { id: null, row: payload({ action: 'GREEN GYM' }) },
        { id: null, row: payload({ action: 'youth-strategy' }) },
      ],
      baseOf(...existing),
      ids(),
    );
    expect(plan.map(ref)).toEqual([
      ['change', 'r3'],
      ['change', 'r2'],
      ['change', 'r1'],
    ]);
  });

  it('adds an action the district did not have and lists one it no longer has for deletion, not reusing rows by position', () => {
    const existing = [stored('r1', { action: 'Youth strategy' })];
    const plan = planUpload(existing, [{ id: null, row: payload({ action: 'Brand new action' }) }], baseOf(...existing), ids());
    expect(plan).toEqual([
      { kind: 'add', id: 'new-1', row: payload({ action: 'Brand new action' }) },
      { kind: 'delete', existing: existing[0] },
    ]);
  });

  it('keeps an unknown Row ID for a new row, but not one used twice or one the store already has', () => {
    const existing = [stored('r1', { action: 'Youth strategy' })];
    const plan = planUpload(
      existing,
      [
        { id: 'fresh-id', row: payload({ action: 'One' }) },
        { id: 'fresh-id', row: payload({ action: 'Two' }) },
        { id: 'r1', row: payload({ action: 'Youth strategy' }) },
        { id: 'r1', row: payload({ action: 'Copied row' }) },
      ],
      baseOf(...existing),
      ids(),
    );
    expect(plan.map(ref)).toEqual([
      ['add', 'fresh-id'],
      ['add', 'new-1'],
      ['leave', 'r1'],
      ['add', 'new-2'],
    ]);
  });

  it('matches a row typed twice to two stored rows, first come first served, preferring live rows to deleted ones', () => {
    const existing = [stored('gone', { action: 'Act' }, { deleted: true, version: 2 }), stored('r1', { action: 'Act', update: 'first' }), stored('r2', { action: 'Act', update: 'second' })];
    const plan = planUpload(existing, [{ id: null, row: payload({ action: 'Act', update: 'first' }) }, { id: null, row: payload({ action: 'Act', update: 'second' }) }], baseOf(existing[1]!, existing[2]!), ids());
    expect(plan.map(ref)).toEqual([
      ['leave', 'r1'],
      ['leave', 'r2'],
    ]);
  });

  it('does not list for deletion a row already deleted', () => {
    const existing = [stored('gone', { action: 'Old' }, { deleted: true })];
    expect(planUpload(existing, [], baseOf(...existing), ids())).toEqual([]);
  });
});

describe('an upload stored in SQLite', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dr-upload-'));
    store = openSqliteStore({ file: join(dir, 'returns.sqlite') });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (rows: UploadRow[], at: string, dryRun = false) => store.applyUpload({ period: PERIOD, district: 'HBBC', rows, who: 'key-1', at, dryRun });
  const live = () => store.listRows({ period: PERIOD, district: 'HBBC' });

  it('stores a status, aim or refs change as a new version the master reads, with history', () => {
    upload([{ id: null, row: payload({ action: 'Youth strategy' }) }], '2008-03-01T00:00:00.000Z');
    const [first] = live();
    const result = upload([{ id: null, row: payload({ action: 'Youth strategy', status: 'At risk', aim: 'S2', laaRefs: ['SC7', 'CYP8'] }) }], '2008-03-02T00:00:00.000Z');
    expect(result).toMatchObject({ inserted: 0, updated: 1, deleted: 0, unchanged: 0 });
    expect(result.plan).toEqual([expect.objectContaining({ kind: 'change', fields: ['aim', 'laaRefs', 'status'] })]);
    const [row] = live();
    expect(row).toMatchObject({ id: first!.id, version: 2, row: { status: 'At risk', aim: 'S2', laaRefs: ['SC7', 'CYP8'] } });
    const history = store.rowHistory({ period: PERIOD, id: first!.id, district: 'HBBC' });
    expect(history.map((h) => [h.version, h.before?.status ?? null, h.after?.status ?? null])).toEqual([
      [1, null, 'On track'],
      [2, 'On track', 'At risk'],
    ]);
  });

  it('keeps a reworded action’s row id and history when the upload carries its Row ID', () => {
    upload([{ id: null, row: payload({ action: 'Youth strategy' }) }], '2008-03-01T00:00:00.000Z');
    const [first] = live();
    upload([{ id: first!.id, row: payload({ action: 'Youth strategy, reworded' }) }], '2008-03-02T00:00:00.000Z');
    expect(live().map((r) => [r.id, r.version, r.row.action])).toEqual([[first!.id, 2, 'Youth strategy, reworded']]);
  });

  it('writes nothing and adds no version for an upload with nothing new', () => {
    upload([{ id: null, row: payload({ action: 'Youth strategy' }) }], '2008-03-01T00:00:00.000Z');
    const result = upload([{ id: null, row: payload({ action: 'Youth strategy', sheet: 'Moved', rowNumber: 9 }) }], '2008-03-02T00:00:00.000Z');
    expect(result).toMatchObject({ inserted: 0, updated: 0, deleted: 0, unchanged: 1 });
    expect(live()[0]).toMatchObject({ version: 1, updatedAt: '2008-03-01T00:00:00.000Z' });
  });
});

describe('planUpload, the cases a district meets less often', () => {
  it('calls a change of the second LAA ref a change, not the same row', () => {
    const before = payload({ action: 'Youth strategy', laaRefs: ['SC7', 'CYP8'] });
    const after = { ...before, laaRefs: ['SC7', 'HC3'] };
    expect(isSameContent(before, after)).toBe(false);
    expect(changedFields(before, after)).toEqual(['laaRefs']);
  });

  it('lists the cells a row made in the add-in differs by, when the workbook has never been uploaded', () => {
    const existing = [stored('r1', { action: 'Youth strategy', update: 'Typed in the add-in.' })];
    const incoming = payload({ action: 'Youth strategy', status: 'At risk' });
    expect(planUpload(existing, [{ id: 'r1', row: incoming }], new Map(), ids())).toEqual([
      { kind: 'conflict', existing: existing[0], incoming, fields: ['update', 'status'], reason: 'changed-on-service' },
    ]);
  });

  it('says the row is the same (not that the service is newer) when nothing differs', () => {
    const existing = [stored('r1', { action: 'Youth strategy' })];
    const incoming = payload({ action: 'Youth strategy' });
    expect(planUpload(existing, [{ id: 'r1', row: incoming }], baseOf(...existing), ids())).toEqual([
      { kind: 'leave', existing: existing[0], isServiceNewer: false, incoming },
    ]);
  });

  it('matches a live row before a deleted one with the same action, with no base to go by', () => {
    const existing = [stored('gone', { action: 'Act' }, { deleted: true, version: 2 }), stored('r1', { action: 'Act' })];
    const incoming = payload({ action: 'Act' });
    expect(planUpload(existing, [{ id: null, row: incoming }], new Map(), ids())).toEqual([
      { kind: 'leave', existing: existing[1], isServiceNewer: false, incoming },
    ]);
  });

  it('leaves a row deleted on the service deleted when the workbook has it unchanged, saying the service is newer', () => {
    const before = stored('r1', { action: 'Act' });
    const gone = { ...before, deleted: true, version: 2 };
    const incoming = payload({ action: 'Act' });
    expect(planUpload([gone], [{ id: 'r1', row: incoming }], baseOf(before), ids())).toEqual([{ kind: 'leave', existing: gone, isServiceNewer: true, incoming }]);
  });

  it('calls a row deleted on the service a conflict, naming no cell, when there is no base for it', () => {
    const gone = stored('r1', { action: 'Act' }, { deleted: true, version: 2 });
    const incoming = payload({ action: 'Act' });
    expect(planUpload([gone], [{ id: null, row: incoming }], new Map(), ids())).toEqual([
      { kind: 'conflict', existing: gone, incoming, fields: [], reason: 'deleted-on-service' },
    ]);
  });

  it('adds a row whose base names a row the store no longer has', () => {
    const ghost = payload({ action: 'Act' });
    const incoming = payload({ action: 'Act' });
    expect(planUpload([], [{ id: null, row: incoming }], new Map([['ghost', ghost]]), ids())).toEqual([{ kind: 'add', id: 'new-1', row: incoming }]);
  });

  it('calls a row the workbook dropped but the service edited since a conflict over the edited cells', () => {
    const before = stored('r1', { action: 'Act' });
    const edited = { ...before, version: 2, row: { ...before.row, update: 'Edited in the add-in.' } };
    expect(planUpload([edited], [], baseOf(before), ids())).toEqual([
      { kind: 'conflict', existing: edited, incoming: null, fields: ['update'], reason: 'changed-since-workbook' },
    ]);
  });

  it('keeps as the next base the workbook’s rows left as they were, and a conflict’s old base even when deletions are confirmed', () => {
    const a = stored('a', { action: 'Made in the add-in' });
    const b = stored('b', { action: 'B', update: 'Service.' });
    const base = new Map([['b', payload({ action: 'B' })]]);
    const plan = planUpload([a, b], [{ id: 'a', row: a.row }, { id: 'b', row: payload({ action: 'B', update: 'Workbook.' }) }, { id: null, row: payload({ action: 'New' }) }], base, ids());
    expect(plan.map(ref)).toEqual([
      ['leave', 'a'],
      ['conflict', 'b'],
      ['add', 'new-1'],
    ]);
    const next = nextBase(base, plan, true);
    expect([...next.keys()].sort()).toEqual(['a', 'b', 'new-1']);
    expect(next.get('a')).toEqual(a.row);
    expect(next.get('b')).toEqual(payload({ action: 'B' }));
  });
});
