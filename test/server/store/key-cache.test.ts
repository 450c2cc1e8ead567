/**
 * The service keeps the keys it has checked in memory (server/store/keys.ts). A key revoked by
 * the `keys revoke` command, which writes the file through another connection in another
 * process, must be refused at the very next request, also while the sync worker (a third
 * connection) is committing rows all the time.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { createKey, verifyKey } from '../../../server/auth/keys';
import { databasePath } from '../../../server/main';
import { DEFAULT_CONFIG } from '../../../shared';
import { aRow, createHarness, PERIOD } from '../harness';

test('a key revoked by another process is refused at once, though other connections commit rows in between', async () => {
  const h = createHarness();
  const other = new Database(databasePath(h.dataDir));
  try {
    const { key, record } = createKey(h.store, 'HBBC', DEFAULT_CONFIG);
    const id = record.id;
    expect(verifyKey(h.store, key)).toMatchObject({ district: 'HBBC' });
    // Rows committed through another connection, as the sync worker does: the key still works.
    other.prepare("INSERT INTO ready_probe (at) VALUES ('x')").run();
    expect(verifyKey(h.store, key)).toMatchObject({ district: 'HBBC' });
    other.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').run(new Date().toISOString(), id);
    expect(verifyKey(h.store, key)).toBeNull();
    // And a sync with it is refused, not answered from a cached key.
    await h.store.applyBatch({ period: PERIOD, district: 'HBBC', batchId: randomUUID(), digest: 'd', changes: [{ id: randomUUID(), baseVersion: 0, row: aRow() }], who: id, at: new Date().toISOString() });
    expect(verifyKey(h.store, key)).toBeNull();
  } finally {
    other.close();
    h.close();
  }
});
