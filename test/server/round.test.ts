import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { lateState } from '../../server/routes/round';
import { bearer, createHarness, PERIOD, sync, aRow } from './harness';

test('lateState: missing after the deadline, late when the last change came after it, not due before', () => {
  const now = new Date('2008-09-10T12:00:00Z');
  expect(lateState(null, '2008-09-05', now)).toBe('missing');
  expect(lateState(null, '2008-09-30', now)).toBe('not-due');
  expect(lateState('2008-09-05T18:00:00Z', '2008-09-05', now)).toBe('on-time');
  expect(lateState('2008-09-06T08:00:00Z', '2008-09-05', now)).toBe('late');
  expect(lateState('2008-09-06T08:00:00Z', undefined, now)).toBe('sent');
});

test('the coordinator opens a period, adds and retires a ref, creates and revokes a key; each change is in the audit log and survives a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dr-round-'));
  const h = createHarness({ dataDir });
  let createdId = '';
  try {
    const coordinator = h.key('coordinator');
    const district = h.key('HDC');
    const api = (path: string) => request(h.app).post(`/api/v1${path}`).set(bearer(coordinator));
    await request(h.app).post('/api/v1/periods').set(bearer(district)).send({ id: '2008-12', label: 'December 2008' }).expect(403);
    const opened = await api('/periods').send({ id: '2008-12', label: 'December 2008', deadline: '2008-12-19' }).expect(201);
    expect(opened.body.period).toEqual({ id: '2008-12', label: 'December 2008', deadline: '2008-12-19' });
    await api('/periods').send({ id: '2008-12', label: 'Again' }).expect(409);
    // The district can sync to the new period at once.
    await sync(h.app, district, { period: '2008-12', batchId: 'new-period-0001', changes: [{ id: '0b8e5a64-8a52-4c5e-9d0e-6d0b7f3c2a11', baseVersion: 0, row: aRow() }] }).expect(200);
    const config = await request(h.app).get('/api/v1/config').set(bearer(district)).expect(200);
    expect(config.body.periods.map((p: { id: string }) => p.id)).toContain('2008-12');

    await api('/laa-refs').send({ code: 'NI 111', title: 'First time entrants to the Youth Justice System' }).expect(201);
    const retired = await api('/laa-refs/SC7/retire').send({ from: '2008-12' }).expect(200);
    expect(retired.body.laaRefs).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SC7', retiredFrom: '2008-12' }), expect.objectContaining({ code: 'NI 111' })]));

    const created = await api('/keys').send({ who: 'MBC' }).expect(201);
    expect(created.body.key).toMatch(/^dr_[0-9a-f]{12}_/);
    createdId = created.body.id as string;
    await request(h.app).get('/api/v1/me').set(bearer(created.body.key)).expect(200);
    const keys = await request(h.app).get('/api/v1/keys').set(bearer(coordinator)).expect(200);
    const listed = keys.body.keys.find((k: { id: string }) => k.id === created.body.id);
    expect(listed).toMatchObject({ role: 'district', district: 'MBC', revokedAt: null, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(keys.body)).not.toContain(created.body.key);
    await api(`/keys/${created.body.id}/revoke`).expect(200);
    await request(h.app).get('/api/v1/me').set(bearer(created.body.key)).expect(401);

    const round = await request(h.app).get('/api/v1/round?period=2008-12').set(bearer(coordinator)).expect(200);
    expect(round.body.districts.find((d: { code: string }) => d.code === 'HDC')).toMatchObject({ rows: 1, state: expect.stringMatching(/on-time|late/) });

    const audit = await request(h.app).get('/api/v1/audit').set(bearer(coordinator)).expect(200);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['key.revoke', 'key.create', 'laa-ref.retire', 'laa-ref.add', 'period.open']);
    expect(audit.body.entries.every((e: { who: string }) => coordinator.includes(e.who))).toBe(true);
  } finally {
    h.close();
  }
  // The round is in the data file, not in memory: a new service on the same folder has it.
  const again = createHarness({ dataDir });
  try {
    const config = await request(again.app).get('/api/v1/config').set(bearer(again.key('BDC'))).expect(200);
    expect(config.body.periods).toContainEqual({ id: '2008-12', label: 'December 2008', deadline: '2008-12-19' });
    // The key's last use, kept in memory while running, was written when the store closed.
    const keys = await request(again.app).get('/api/v1/keys').set(bearer(again.key('coordinator'))).expect(200);
    expect(keys.body.keys.find((k: { id: string }) => k.id === createdId)).toMatchObject({ lastUsedAt: expect.any(String), revokedAt: expect.any(String) });
  } finally {
    again.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('exceptions and the board preview read the districts\' stored rows', async () => {
  const h = createHarness();
  try {
    const district = h.key('HBBC');
    await sync(h.app, district, { period: PERIOD, batchId: 'exceptions-0001', changes: [{ id: '1c9a3f2e-7b4d-4e8a-9f0b-2d3c4e5f6a7b', baseVersion: 0, row: aRow({ status: 'At risk', update: 'Funding <b>withdrawn</b>.' }) }] }).expect(200);
    const coordinator = h.key('coordinator');
    const exceptions = await request(h.app).get(`/api/v1/exceptions?period=${PERIOD}`).set(bearer(coordinator)).expect(200);
    expect(exceptions.body.exceptions).toEqual([expect.objectContaining({ district: 'HBBC', status: 'At risk' })]);
    const board = await request(h.app).get(`/api/v1/board?period=${PERIOD}`).set(bearer(coordinator)).expect(200);
    const safe = board.body.outcomes.find((o: { name: string }) => o.name === 'Stay safe');
    expect(safe.rows[0].updates[0].text).toMatch(/^Funding <b>withdrawn<\/b> \(HBBC\)\.$/);
    await request(h.app).get(`/api/v1/board?period=${PERIOD}`).set(bearer(district)).expect(403);
  } finally {
    h.close();
  }
});
