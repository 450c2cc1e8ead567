import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databasePath } from '../../server/main';
import { MIGRATIONS } from '../../server/store/migrations';
import { startService } from '../support/service';
import { aRow, PERIOD } from './harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function post(url: string, key: string, body: unknown) {
  return fetch(`${url}/api/v1/sync`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

test('rows, history, keys and batch answers survive a stop and a start on the same data folder', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dr-restart-'));
  dirs.push(dataDir);
  const first = await startService({ dataDir });
  const key = first.createKey('NWLDC');
  const id = randomUUID();
  const batch = { period: PERIOD, batchId: 'before-restart', changes: [{ id, baseVersion: 0, row: aRow({ update: 'Multi agency JAG meeting addresses this issue (NWL).' }) }] };
  const answer = await (await post(first.url, key, batch)).json();
  await first.close();

  const second = await startService({ dataDir });
  try {
    const rows = await (await fetch(`${second.url}/api/v1/rows?period=${PERIOD}`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(rows.rows).toEqual([expect.objectContaining({ id, version: 1, row: expect.objectContaining({ update: batch.changes[0]?.row.update }) })]);
    // A client that never saw the first answer retries after the restart and gets it.
    const retry = await post(second.url, key, batch);
    expect(await retry.json()).toEqual(answer);
    const history = await (await fetch(`${second.url}/api/v1/rows/${id}/history?period=${PERIOD}`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(history.history).toHaveLength(1);
  } finally {
    await second.close();
  }
  // Migrations ran once: starting again did not re-run them.
  const db = new Database(databasePath(dataDir), { readonly: true });
  expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  db.close();
});

test('seven districts syncing at once each get all their rows and only theirs', async () => {
  const service = await startService();
  try {
    const districts = ['BDC', 'CBC', 'HDC', 'HBBC', 'MBC', 'NWLDC', 'OWBC'];
    const keys = new Map(districts.map((d) => [d, service.createKey(d)]));
    const sent = new Map<string, string[]>(districts.map((d) => [d, []]));
    await Promise.all(
      districts.flatMap((district) =>
        Array.from({ length: 6 }, async (_, b) => {
          const changes = Array.from({ length: 20 }, (_, r) => ({ id: randomUUID(), baseVersion: 0, row: aRow({ action: `${district} batch ${b} action ${r}` }) }));
          sent.get(district)?.push(...changes.map((c) => c.id));
          const response = await post(service.url, keys.get(district) as string, { period: PERIOD, batchId: `${district}-batch-${b}`, changes });
          expect(response.status).toBe(200);
          expect((await response.json()).applied).toHaveLength(20);
        }),
      ),
    );
    for (const district of districts) {
      const rows = await (await fetch(`${service.url}/api/v1/rows?period=${PERIOD}`, { headers: { authorization: `Bearer ${keys.get(district)}` } })).json();
      expect(rows.rows.map((r: { id: string }) => r.id).sort()).toEqual([...(sent.get(district) ?? [])].sort());
      expect(new Set(rows.rows.map((r: { district: string }) => r.district))).toEqual(new Set([district]));
    }
  } finally {
    await service.close();
  }
});

test("a key's last use reaches the file while the service runs, so a crash loses at most a moment of it", async () => {
  const service = await startService({ keyUseFlushMs: 50 });
  try {
    const key = service.createKey('HBBC');
    const keyId = key.split('_')[1];
    expect((await fetch(`${service.url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    // Read from another connection, as after a crash: no stop has written it.
    const lastUse = () => {
      const db = new Database(databasePath(service.dataDir), { readonly: true });
      try {
        return db.prepare('SELECT last_used_at FROM key_use WHERE id = ?').pluck().get(keyId) as string | undefined;
      } finally {
        db.close();
      }
    };
    const until = Date.now() + 5_000;
    while (lastUse() === undefined && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(lastUse()).toMatch(/^\d{4}-\d\d-\d\dT/);
  } finally {
    await service.close();
  }
});
