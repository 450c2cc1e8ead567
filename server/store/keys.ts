/**
 * API key records (the `api_keys` table) and their cache.
 *
 * Key records are kept by id, so a request's key check is a hash and a constant-time compare
 * without a query. Only keys found are kept (a flood of made-up ids cannot fill it), at most
 * MAX_CACHED_KEYS. Revocation takes effect on the next request: revokeKey here clears the cache
 * after its write, and `keys revoke` in another process commits to the file, which changes
 * data_version, which OtherWriters.check() sees before every lookup; the cache is then dropped
 * if the count of key changes (migration 14's triggers) has moved, so the sync worker's commits
 * (rows only) leave it be.
 */
import type { OtherWriters, SqliteDatabase } from './database';
import type { ApiKeyRecord, KeyStore } from './types';

interface KeyRecord {
  id: string;
  role: 'district' | 'coordinator';
  district: string | null;
  hash: Buffer;
  created_at: string;
  revoked_at: string | null;
}

const MAX_CACHED_KEYS = 1000;

function toKey(record: KeyRecord): ApiKeyRecord {
  return {
    id: record.id,
    role: record.role,
    district: record.district,
    hash: record.hash,
    createdAt: record.created_at,
    revokedAt: record.revoked_at,
  };
}

export function createKeyTable(db: SqliteDatabase, otherWriters: OtherWriters): KeyStore {
  const statements = {
    insertKey: db.prepare(
      'INSERT INTO api_keys (id, role, district, hash, created_at, revoked_at) VALUES (@id, @role, @district, @hash, @createdAt, @revokedAt)',
    ),
    findKey: db.prepare<[string], KeyRecord>('SELECT * FROM api_keys WHERE id = ?'),
    listKeys: db.prepare<[], KeyRecord>('SELECT * FROM api_keys ORDER BY created_at, id'),
    revokeKey: db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  };
  const keyChanges = db.prepare<[], number>('SELECT count FROM key_changes WHERE id = 1').pluck();
  const keyCache = new Map<string, KeyRecord>();
  let keyChangesSeen = keyChanges.get();
  otherWriters.onChange(() => {
    const count = keyChanges.get();
    if (count !== keyChangesSeen) {
      keyChangesSeen = count;
      keyCache.clear();
    }
  });
  return {
    insertKey(record) {
      statements.insertKey.run(record);
      keyCache.clear();
    },
    findKey(id) {
      otherWriters.check();
      let record = keyCache.get(id);
      if (!record) {
        record = statements.findKey.get(id);
        if (record) {
          if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
          keyCache.set(id, record);
        }
      }
      return record ? toKey(record) : undefined;
    },
    listKeys: () => statements.listKeys.all().map(toKey),
    revokeKey(id, at) {
      const isRevoked = statements.revokeKey.run(at, id).changes === 1;
      keyCache.clear();
      return isRevoked;
    },
  };
}
