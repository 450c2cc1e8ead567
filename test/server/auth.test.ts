import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { databasePath } from '../../server/main';
import { addressSource } from '../../server/auth/failure-limiter';
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

test('repeated wrong keys from one address are slowed with 429 and Retry-After, on a monotonic clock; a valid key is never refused', async () => {
  let wall = Date.parse('2008-03-20T09:00:00Z');
  let monotonic = 1_000;
  h = createHarness({ failureLimit: { maxFailures: 5, windowMs: 60_000 }, overrides: { now: () => new Date(wall), monotonicMs: () => monotonic } });
  const good = h.key('HBBC');
  for (let i = 0; i < 5; i++) await request(h.app).get('/api/v1/config').set(bearer(`dr_guess${i}`)).expect(401);
  const blocked = await request(h.app).get('/api/v1/config').set(bearer('dr_guess6')).expect(429);
  expect(blocked.body.error.code).toBe('too-many-failed-keys');
  expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  // The address shares a NAT or proxy with the district's officer: their valid key still works.
  await request(h.app).get('/api/v1/config').set(bearer(good)).expect(200);
  // Setting the wall clock forward does not end the block; only the monotonic window does.
  wall += 3_600_000;
  await request(h.app).get('/api/v1/config').set(bearer('dr_guess7')).expect(429);
  monotonic += 61_000;
  await request(h.app).get('/api/v1/config').set(bearer('dr_guess8')).expect(401);
});

test('a valid key is not refused after 20 wrong keys from the same address', async () => {
  h = createHarness({ failureLimit: { maxFailures: 20, windowMs: 60_000 } });
  const good = h.key('HBBC');
  for (let i = 0; i < 20; i++) await request(h.app).get('/api/v1/config').set(bearer(`dr_0123456789ab_${String(i).padStart(43, 'x')}`)).expect(401);
  await request(h.app).get('/api/v1/config').set(bearer('dr_wrong')).expect(429);
  const response = await request(h.app).get(`/api/v1/rows?period=${PERIOD}`).set(bearer(good)).expect(200);
  expect(response.body.rows).toEqual([]);
});

test('behind trust proxy, two clients of one proxy are counted apart; without it they share the proxy\'s count', async () => {
  h = createHarness({ failureLimit: { maxFailures: 3, windowMs: 60_000 }, overrides: { trustProxy: 'loopback' } });
  const from = (client: string, key: string) => request(h.app).get('/api/v1/config').set('X-Forwarded-For', client).set(bearer(key));
  for (let i = 0; i < 3; i++) await from('203.0.113.7', `dr_guess${i}`).expect(401);
  await from('203.0.113.7', 'dr_guess4').expect(429);
  // Another client of the same proxy has made no guesses.
  await from('198.51.100.20', 'dr_typo').expect(401);
  // IPv6 clients count by their /64: changing the low bits does not dodge the count.
  for (let i = 0; i < 3; i++) await from(`2001:db8:1:2::${i + 1}`, `dr_guess${i}`).expect(401);
  await from('2001:db8:1:2:ffff::9', 'dr_guess9').expect(429);
  await from('2001:db8:1:3::1', 'dr_guess9').expect(401);

  h.close();
  h = createHarness({ failureLimit: { maxFailures: 3, windowMs: 60_000 } });
  const direct = (client: string, key: string) => request(h.app).get('/api/v1/config').set('X-Forwarded-For', client).set(bearer(key));
  for (let i = 0; i < 3; i++) await direct('203.0.113.7', `dr_guess${i}`).expect(401);
  // Without trust proxy the header is ignored: everyone through this socket address is one source.
  await direct('198.51.100.20', 'dr_typo').expect(429);
});

test('wrong keys are also counted per key id, whatever the address', async () => {
  h = createHarness({ failureLimit: { maxFailures: 3, windowMs: 60_000 }, overrides: { trustProxy: 'loopback' } });
  const good = h.key('HBBC');
  const keyId = good.split('_')[1] as string;
  const guess = (client: string, i: number) =>
    request(h.app).get('/api/v1/config').set('X-Forwarded-For', client).set(bearer(`dr_${keyId}_${String(i).padStart(43, 'g')}`));
  for (let i = 0; i < 3; i++) await guess(`203.0.113.${i + 1}`, i).expect(401);
  await guess('203.0.113.99', 9).expect(429);
  // The key's owner is not locked out by someone guessing at their key id.
  await request(h.app).get('/api/v1/config').set('X-Forwarded-For', '203.0.113.99').set(bearer(good)).expect(200);
});

test('addresses count as their source: IPv4 as is, IPv6 by /64, IPv4-mapped as IPv4', () => {
  expect(addressSource('192.0.2.1')).toBe('ip:192.0.2.1');
  expect(addressSource('::ffff:192.0.2.1')).toBe('ip:192.0.2.1');
  expect(addressSource('2001:db8:1:2::1')).toBe(addressSource('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd'));
  expect(addressSource('2001:db8:1:2::1')).not.toBe(addressSource('2001:db8:1:3::1'));
  expect(addressSource('fe80::1%eth0')).toBe('ip:fe80:0:0:0::/64');
  expect(addressSource('::1')).toBe('ip:0:0:0:0::/64');
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
