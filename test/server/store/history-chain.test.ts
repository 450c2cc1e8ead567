/**
 * A row's history as the coordinator reads it (who changed what, before → after) stays the same
 * when the store keeps history as a chain (migration 13): entries read from a file written
 * before, and entries written since whose before is not repeated.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Change, RowPayload } from '../../../shared';
import { MIGRATIONS } from '../../../server/store/migrations';
import { openSqliteStore, type SqliteStore } from '../../../server/store/sqlite-store';
import type { HistoryEntry } from '../../../server/store/types';
import { aRow, PERIOD } from '../harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const aFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dr-history-'));
  dirs.push(dir);
  return join(dir, 'district-returns.sqlite');
};

type Expected = Pick<HistoryEntry, 'district' | 'version' | 'source' | 'before' | 'after'>;
const shape = (entries: HistoryEntry[]): Expected[] => entries.map(({ district, version, source, before, after }) => ({ district, version, source, before, after }));

test('history written before the chain reads the same after the migration, and goes on from there', async () => {
  const file = aFile();
  // A file as the service before migration 13 left it: every other migration applied.
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const migration of MIGRATIONS.filter((m) => m.version !== 13)) {
    old.exec(migration.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.version, migration.description, '2008-01-01T00:00:00.000Z');
  }
  const id = randomUUID();
  const other = randomUUID();
  const v = (update: string): RowPayload => aRow({ update });
  // HBBC's row: added, changed, deleted, added again, then changed by an upload whose before was
  // kept as the upload saw it; OWBC's and another HBBC row's entries are interleaved.
  const entries: [string, string, number, string, RowPayload | null, RowPayload | null][] = [
    ['HBBC', id, 1, 'sync', null, v('First.')],
    ['HBBC', other, 1, 'sync', null, v('Another row.')],
    ['HBBC', id, 2, 'sync', v('First.'), v('Second.')],
    ['OWBC', id, 1, 'sync', null, v('OWBC text.')],
    ['HBBC', id, 3, 'sync', v('Second.'), null],
    ['HBBC', id, 4, 'sync', null, v('Back again.')],
    ['HBBC', id, 5, 'upload', v('An upload saw this.'), v('From the workbook.')],
  ];
  const insert = old.prepare('INSERT INTO history (period, district, id, version, who, at, source, batch_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const [district, row, version, source, before, after] of entries) {
    insert.run(PERIOD, district, row, version, 'k1', `2008-02-0${version}T10:00:00.000Z`, source, null, before && JSON.stringify(before), after && JSON.stringify(after));
  }
  const insertRow = old.prepare('INSERT INTO rows (period, district, id, version, deleted, data, updated_at, updated_by) VALUES (?, ?, ?, ?, 0, ?, ?, ?)');
  insertRow.run(PERIOD, 'HBBC', id, 5, JSON.stringify(v('From the workbook.')), '2008-02-05T10:00:00.000Z', 'k1');
  insertRow.run(PERIOD, 'HBBC', other, 1, JSON.stringify(v('Another row.')), '2008-02-01T10:00:00.000Z', 'k1');
  insertRow.run(PERIOD, 'OWBC', id, 1, JSON.stringify(v('OWBC text.')), '2008-02-01T10:00:00.000Z', 'k1');
  old.close();

  const store = openSqliteStore({ file });
  try {
    const hbbc = shape(store.rowHistory({ period: PERIOD, id, district: 'HBBC' }));
    expect(hbbc).toEqual(entries.filter(([district, row]) => district === 'HBBC' && row === id).map(([district, , version, source, before, after]) => ({ district, version, source, before, after })));
    expect(shape(store.rowHistory({ period: PERIOD, id, district: 'OWBC' }))).toEqual([{ district: 'OWBC', version: 1, source: 'sync', before: null, after: v('OWBC text.') }]);

    // A change after the migration joins the same row's chain, its before the row as it stood.
    await store.applyBatch({ period: PERIOD, district: 'HBBC', batchId: 'after-migration', digest: 'd', changes: [{ id, baseVersion: 5, row: v('After the move.') }], who: 'k2', at: '2008-02-06T10:00:00.000Z' });
    const after = shape(store.rowHistory({ period: PERIOD, id, district: 'HBBC' }));
    expect(after).toHaveLength(6);
    expect(after[5]).toEqual({ district: 'HBBC', version: 6, source: 'sync', before: v('From the workbook.'), after: v('After the move.') });
  } finally {
    store.close();
  }
  // The row's text is not written twice: the new entry keeps no copy of its before.
  const db = new Database(file, { readonly: true });
  expect(db.prepare('SELECT before, before_is_previous AS isPrevious FROM history ORDER BY seq DESC LIMIT 1').get()).toEqual({ before: null, isPrevious: 1 });
  db.close();
});

/** One step of an officer's work on a few rows, through the add-in's sync. */
type Step = { row: number; kind: 'write' | 'delete'; text: string };

test('whatever an officer does to a row (add, change, delete, add again), its history gives each change with the row as it was before it', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ row: fc.integer({ min: 0, max: 2 }), kind: fc.constantFrom<'write' | 'delete'>('write', 'write', 'delete'), text: fc.string({ maxLength: 12 }) }), { minLength: 1, maxLength: 14 }),
      async (steps: Step[]) => {
        const store: SqliteStore = openSqliteStore({ file: aFile() });
        try {
          const ids = [randomUUID(), randomUUID(), randomUUID()];
          // What the row is (null: absent or deleted), its version, and the history expected of it.
          const model = ids.map(() => ({ row: null as RowPayload | null, version: 0, history: [] as Expected[] }));
          let batch = 0;
          for (const step of steps) {
            const state = model[step.row]!;
            const id = ids[step.row]!;
            const row = aRow({ update: `Update ${step.text}` });
            const change: Change = step.kind === 'delete' ? { id, baseVersion: state.version, deleted: true } : { id, baseVersion: state.version, row };
            batch += 1;
            await store.applyBatch({ period: PERIOD, district: 'HBBC', batchId: `b${batch}`, digest: `d${batch}`, changes: [change], who: 'k', at: '2008-02-01T10:00:00.000Z' });
            // Deleting what is not there changes nothing and writes no history.
            if (step.kind === 'delete' && state.row === null) continue;
            state.version += 1;
            state.history.push({ district: 'HBBC', version: state.version, source: 'sync', before: state.row, after: step.kind === 'delete' ? null : row });
            state.row = step.kind === 'delete' ? null : row;
          }
          ids.forEach((id, i) => expect(shape(store.rowHistory({ period: PERIOD, id, district: 'HBBC' }))).toEqual(model[i]!.history));
        } finally {
          store.close();
        }
      },
    ),
    { numRuns: 40 },
  );
});
