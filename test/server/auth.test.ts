import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { databasePath } from '../../server/main';
import { aRow, bearer, createHarness, PERIOD, sync, type Harness } from './harness';

let h: Harness;
afterEach(() => h.close());

test('a missing, malformed, unknown or revoked key → 401 with what to do', async () => {
  h = createHarness();
  const key = h.key('HBBC');
  await request(h.app).get('/api/v1/config').expect(401).expect((r) => expect(r.body.error.code).toBe('missing-key'));
  await request(h.app).get('/api/v1/config').set('Authorization', 'Basic abc').expect(401);
  await request(h.app).get('/api/v1/config').set(bearer(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).expect(401);
  await request(h.app).get('/api/v1/config').set(bearer('dr_000000000000_' + 'A'.repeat(43))).expect(401);
  await request(h.app).get('/api/v1/config').set(bearer(key)).expect(200);
  const id = key.split('_')[1] as string;
  expect(h.store.revokeKey(id, new Date().toISOString())).toBe(true);
  const revoked = await request(h.app).get('/api/v1/config').set(bearer(key)).expect(401);
  expect(revoked.body.error.message).toMatch(/not valid/);
});

test('a district key cannot read another district\'s rows or history (403); the coordinator can', async () => {
  h = createHarness();
  const hbbc = h.key('HBBC');
  const coordinator = h.key('coordinator');
  const id = randomUUID();
  await sync(h.app, h.key('OWBC'), { period: PERIOD, batchId: 'owbc-batch-1', changes: [{ id, baseVersion: 0, row: aRow() }] }).expect(200);
  await request(h.app).get(`/api/v1/rows?period=${PERIOD}&district=OWBC`).set(bearer(hbbc)).expect(403);
  await request(h.app).get(`/api/v1/rows/${id}/history?period=${PERIOD}&district=OWBC`).set(bearer(hbbc)).expect(403);
  // Its own view of that id is simply empty: the row is not HBBC's.
  await request(h.app).get(`/api/v1/rows/${id}/history?period=${PERIOD}`).set(bearer(hbbc)).expect(404);
  const own = await request(h.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(hbbc)).expect(200);
  expect(own.body.rows).toEqual([]);
  const all = await request(h.app).get(`/api/v1/rows?period=${PERIOD}&district=OWBC`).set(bearer(coordinator)).expect(200);
  expect(all.body.rows).toHaveLength(1);
  await request(h.app).get(`/api/v1/rows/${id}/history?period=${PERIOD}`).set(bearer(coordinator)).expect(200);
});

test('the coordinator key reads but does not write district rows (403)', async () => {
  h = createHarness();
  const response = await sync(h.app, h.key('coordinator'), { period: PERIOD, batchId: 'coord-batch-1', changes: [{ id: randomUUID(), baseVersion: 0, row: aRow() }] });
  expect(response.status).toBe(403);
  expect(response.body.error.message).toMatch(/district key/);
});

test('repeated wrong keys from one address are slowed with 429 and Retry-After; others are not', async () => {
  let clock = Date.parse('2008-03-20T09:00:00Z');
  h = createHarness({ failureLimit: { maxFailures: 5, windowMs: 60_000 }, overrides: { now: () => new Date(clock) } });
  const good = h.key('HBBC');
  for (let i = 0; i < 5; i++) await request(h.app).get('/api/v1/config').set(bearer(`dr_guess${i}`)).expect(401);
  const blocked = await request(h.app).get('/api/v1/config').set(bearer('dr_guess6')).expect(429);
  expect(blocked.body.error.code).toBe('too-many-failed-keys');
  expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  // Even a right key waits: the address is guessing.
  await request(h.app).get('/api/v1/config').set(bearer(good)).expect(429);
  clock += 61_000;
  await request(h.app).get('/api/v1/config').set(bearer(good)).expect(200);
});

test('responses carry security headers', async () => {
  h = createHarness();
  const response = await request(h.app).get('/healthz').expect(200);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['content-security-policy']).toMatch(/object-src 'none'/);
  expect(response.headers['strict-transport-security']).toBeDefined();
  expect(response.headers['x-powered-by']).toBeUndefined();
});

test('only a hash of the key is stored', async () => {
  h = createHarness();
  const key = h.key('HBBC');
  const secret = key.split('_').slice(2).join('_');
  const db = new Database(databasePath(h.dataDir), { readonly: true });
  const dump = JSON.stringify(db.prepare('SELECT id, role, district, hex(hash) AS hash FROM api_keys').all());
  db.close();
  expect(dump).toContain('HBBC');
  expect(dump).not.toContain(secret);
  expect(dump).not.toContain(Buffer.from(secret).toString('hex').toUpperCase());
});
